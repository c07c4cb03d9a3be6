//! Prints the quotes newsflow extracts from article files, one line each:
//! `paragraph:offset speaker (cue) | text`, paragraphs counted as in
//! `tests/quotes_bbc.rs` (0-based, non-empty body lines).
//!
//! `cargo run --release --example quotes -- FILE...`

use std::path::Path;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let name = Path::new(&path)
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = match newsflow::read::decode(&bytes) {
            Ok(t) => t.text,
            Err(e) => {
                eprintln!("{path}: rejected: {e:?}");
                continue;
            }
        };
        let doc = match newsflow::parse::parse(&text, &name) {
            Ok((_, doc)) => doc,
            Err(e) => {
                eprintln!("{path}: rejected: {e:?}");
                continue;
            }
        };
        let body = doc.body();
        let started = std::time::Instant::now();
        let quotes = newsflow::extract::quotes::quotes(&body);
        eprintln!("{path}: {} quotes in {:?}", quotes.len(), started.elapsed());
        println!("== {path}");
        // (paragraph, column) of each quote, in one pass over the body.
        let (mut para, mut col, mut at) = (0, 0, 0);
        let mut chars = body.chars().peekable();
        for q in quotes {
            while at < q.offset as usize {
                match chars.next() {
                    Some('\n') if chars.peek() == Some(&'\n') => {
                        chars.next();
                        at += 1;
                        para += 1;
                        col = 0;
                    }
                    Some(_) => col += 1,
                    None => break,
                }
                at += 1;
            }
            let text: String = q.text.chars().take(60).collect();
            println!(
                "{para}:{col} {} ({}) | {text}",
                q.speaker.as_deref().unwrap_or("-"),
                q.cue.as_deref().unwrap_or("-"),
            );
        }
    }
}
