//! The read+decode stage: takes an [`Input`] path, reads its bytes within the
//! size limit, hashes them, and decodes them to text (BOM, UTF-8, then `chardetng`
//! for legacy encodings). Every failure is a [`Rejection`] a user can act on.

use std::io::{ErrorKind, Read};

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use crate::document::{Input, Loaded, Rejection, Stage, Text};

/// How much of the start of a file is examined to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// Share of decoded characters that may be replacement or control characters
/// before the text is called undecodable.
const MAX_GARBAGE_SHARE: f64 = 0.02;

/// Reads the input's bytes, refusing files over `max_bytes` before reading them.
pub fn load(input: &Input, max_bytes: u64) -> Result<Loaded, Rejection> {
    let io_rejection = |e: std::io::Error| match e.kind() {
        ErrorKind::NotFound => Rejection::new(
            Stage::Read,
            "vanished",
            "the file disappeared before newsflow could read it",
        ),
        ErrorKind::PermissionDenied => Rejection::new(
            Stage::Read,
            "unreadable",
            "newsflow has no permission to read the file: fix its permissions and touch it to retry",
        ),
        ErrorKind::IsADirectory => Rejection::new(
            Stage::Read,
            "unreadable",
            "the path is a folder, not a file",
        ),
        _ => Rejection::new(
            Stage::Read,
            "unreadable",
            format!("the file could not be read: {e}"),
        ),
    };
    let file = std::fs::File::open(&input.path).map_err(io_rejection)?;
    let size = file.metadata().map_err(io_rejection)?.len();
    if size > max_bytes {
        return Err(too_large(size, max_bytes));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Read one byte past the limit so a file that grew since `metadata` is caught.
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_rejection)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64, max_bytes));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(Loaded { bytes, sha256 })
}

fn too_large(size: u64, max_bytes: u64) -> Rejection {
    Rejection::new(
        Stage::Read,
        "too_large",
        format!("the file is {size} bytes, over the limit of {max_bytes} bytes (inbox.max_bytes)"),
    )
}

/// Decodes bytes to text. Order: empty check, byte-order mark, UTF-16 without
/// one, binary sniffing, strict UTF-8, the encoding the document declares
/// (`<?xml ... encoding=...?>`, `<meta charset=...>`), then the encoding
/// `chardetng` guesses for legacy files.
pub fn decode(bytes: &[u8]) -> Result<Text, Rejection> {
    if bytes.is_empty() {
        return Err(Rejection::new(Stage::Decode, "empty", "the file is empty"));
    }
    let unmarked = bytes_are_utf16(bytes).map(|encoding| (encoding, 0));
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes).or(unmarked) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(undecodable(encoding.name()));
        }
        Text {
            text: text.into_owned(),
            encoding: encoding.name(),
        }
    } else {
        if looks_binary(bytes) {
            return Err(Rejection::new(
                Stage::Decode,
                "binary",
                "the file is binary (an image, archive or document?), not text",
            ));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Text {
                text: text.to_owned(),
                encoding: encoding_rs::UTF_8.name(),
            },
            Err(_) => {
                let declared = declared_encoding(bytes).filter(|encoding| {
                    let (_, had_errors) = encoding.decode_without_bom_handling(bytes);
                    !had_errors
                });
                let encoding = declared.unwrap_or_else(|| legacy_encoding(bytes));
                let (text, _, had_errors) = encoding.decode(bytes);
                if had_errors {
                    return Err(undecodable(encoding.name()));
                }
                Text {
                    text: text.into_owned(),
                    encoding: encoding.name(),
                }
            }
        }
    };
    check_text(&text)?;
    Ok(text)
}

/// How far into the file a declaration of its encoding is looked for.
const DECLARATION_BYTES: usize = 1024;

/// The encoding a document names in its first bytes: an XML declaration
/// (`<?xml version="1.0" encoding="ISO-8859-15"?>`) or an HTML `<meta charset>`
/// or `http-equiv` content type. Only encodings that keep ASCII as ASCII: the
/// declaration was just read as ASCII, so a label saying UTF-16 is wrong.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(DECLARATION_BYTES)].to_ascii_lowercase();
    let value_after = |key: &[u8], within: &[u8]| -> Option<Vec<u8>> {
        let at = find(within, key)? + key.len();
        let rest = within[at..].strip_prefix(b"=").or_else(|| {
            // `encoding = "x"` is allowed in an XML declaration.
            let trimmed = within[at..].trim_ascii_start();
            trimmed.strip_prefix(b"=")
        })?;
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or(rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| {
                matches!(b, b'"' | b'\'' | b';' | b'>' | b'?' | b'/') || b.is_ascii_whitespace()
            })
            .unwrap_or(rest.len());
        Some(rest[..end].to_vec())
    };
    let label = if head.trim_ascii_start().starts_with(b"<?xml") {
        let end = find(&head, b"?>").unwrap_or(head.len());
        value_after(b"encoding", &head[..end])
    } else {
        let meta = find(&head, b"<meta")?;
        value_after(b"charset", &head[meta..])
    }?;
    Encoding::for_label(&label)
        .filter(|e| e.is_ascii_compatible() && *e != encoding_rs::REPLACEMENT)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// UTF-16 written without a byte-order mark: text whose every other byte is
/// zero (XML 1.0 appendix F does the same from `<?`). Returns the byte order.
fn bytes_are_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Latin text in UTF-16 has a zero high byte on nearly every character.
    if odd * 10 >= pairs * 7 && even == 0 {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd == 0 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The single-byte encoding of text that is not UTF-8. `chardetng` weighs the
/// letters the bytes would make; when windows-1252 makes no non-ASCII letter at
/// all (the text's only legacy bytes are a pound sign, curly quotes, dashes),
/// there is nothing to weigh, and its guess may be a Central European code page
/// that turns "£15m" into "Ł15m". Such text is windows-1252: the Western default,
/// and a superset of Latin-1.
fn legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let (western, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    if western.chars().all(|c| c.is_ascii() || !c.is_alphabetic()) {
        return encoding_rs::WINDOWS_1252;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

fn undecodable(encoding: &str) -> Rejection {
    Rejection::new(
        Stage::Decode,
        "undecodable",
        format!("the text is not valid {encoding}: save it as UTF-8 and drop it again"),
    )
}

/// NUL bytes do not occur in text in any single-byte or UTF-8 encoding; neither do
/// the magic numbers of the binary formats people drop by mistake.
fn looks_binary(bytes: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"%PDF-",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"\x7FELF",
    ];
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    MAGIC.iter().any(|m| head.starts_with(m)) || head.contains(&0)
}

/// Rejects decoded text that has no words, or too many replacement and control
/// characters to be a real article.
fn check_text(text: &Text) -> Result<(), Rejection> {
    let mut total = 0usize;
    let mut garbage = 0usize;
    let mut visible = false;
    for c in text.text.chars() {
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            garbage += 1;
        } else if !c.is_whitespace() {
            visible = true;
        }
    }
    if !visible {
        return Err(Rejection::new(
            Stage::Decode,
            "empty",
            "the file contains only whitespace",
        ));
    }
    if garbage as f64 > MAX_GARBAGE_SHARE * total as f64 {
        return Err(Rejection::new(
            Stage::Decode,
            "undecodable",
            format!(
                "{garbage} of {total} characters are invalid or control characters in {}: \
                 save the file as UTF-8 and drop it again",
                text.encoding
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"caf\xC3\xA9").unwrap().text, "café");
        let t = decode(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("café", "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Grüße".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let t = decode(&le).unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("Grüße", "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("Grüße".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    /// The encoding a document declares beats the guess: ISO-8859-15's euro
    /// sign is windows-1252's currency sign, which no guess can tell apart.
    #[test]
    fn declared_encodings_are_followed() {
        let mut xml =
            b"<?xml version=\"1.0\" encoding='ISO-8859-15'?>\n<nitf><p>Prix: 15 ".to_vec();
        xml.extend([
            0xA4, b' ', b'p', b'o', b'u', b'r', b' ', b'l', 0xE9, b't', 0xE9,
        ]);
        xml.extend(b"</p></nitf>");
        let t = decode(&xml).unwrap();
        assert_eq!(t.encoding, "ISO-8859-15");
        assert!(
            t.text.contains("15 \u{20AC} pour l\u{E9}t\u{E9}"),
            "{}",
            t.text
        );

        let (cyrillic, _, _) = encoding_rs::WINDOWS_1251.encode("Новости дня");
        let mut html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>".to_vec();
        html.extend(cyrillic.iter());
        let t = decode(&html).unwrap();
        assert_eq!(t.encoding, "windows-1251");
        assert!(t.text.ends_with("Новости дня"));

        // A declaration the bytes contradict (invalid in it) is not followed;
        // a UTF-8 file stays UTF-8 whatever it declares.
        let t = decode("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Grüße</a>".as_bytes())
            .unwrap();
        assert_eq!(t.encoding, "UTF-8");
        let t = decode(b"<meta charset=\"utf-16\"><p>caf\xE9</p>").unwrap();
        assert_eq!(t.encoding, "windows-1252");
    }

    #[test]
    fn utf16_without_a_bom() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><newsItem>Grüße aus Köln</newsItem>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le).unwrap().text, text);
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
        // Zeros in both byte positions: binary, as before.
        assert_eq!(
            decode(&[0, 1, 0, 0, 1, 0, 7, 0]).unwrap_err().kind,
            "binary"
        );
    }

    #[test]
    fn latin1_is_detected() {
        let bytes = b"Le match de football s'est jou\xE9 \xE0 Paris, o\xF9 l'\xE9quipe a gagn\xE9 trois \xE0 z\xE9ro devant un public enthousiaste.";
        let t = decode(bytes).unwrap();
        assert_eq!(t.encoding, "windows-1252");
        assert!(t.text.contains("joué à Paris"), "{}", t.text);
    }

    #[test]
    fn lone_pound_sign_is_windows_1252_not_1250() {
        // Regression: chardetng guessed windows-1250 here (BBC sport/199.txt has
        // one legacy byte, a pound sign), decoding "£15m" as "Ł15m".
        let t = decode(b"The club paid \xA315m for the striker on Monday.").unwrap();
        assert_eq!(t.encoding, "windows-1252");
        assert!(t.text.contains("£15m"), "{}", t.text);
        let quoted = decode(b"He said \x93we will win\x94 \x96 and they did.").unwrap();
        assert_eq!(quoted.encoding, "windows-1252");
    }

    #[test]
    fn central_european_text_keeps_its_code_page() {
        let (czech, _, _) = encoding_rs::WINDOWS_1250
            .encode("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila rozpočet.");
        let t = decode(&czech).unwrap();
        assert_eq!(t.encoding, "windows-1250");
        assert!(t.text.starts_with("Příliš žluťoučký"), "{}", t.text);
    }

    #[test]
    fn rejections_have_kinds() {
        assert_eq!(decode(b"").unwrap_err().kind, "empty");
        assert_eq!(decode(b"  \n\t\n").unwrap_err().kind, "empty");
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n....").unwrap_err().kind, "binary");
        assert_eq!(decode(b"abc\0def").unwrap_err().kind, "binary");
        // A UTF-16 BOM followed by a lone surrogate cannot be decoded.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00])
                .unwrap_err()
                .kind,
            "undecodable"
        );
        let control: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert_eq!(decode(&control).unwrap_err().kind, "undecodable");
    }
}
