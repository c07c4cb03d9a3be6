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
        println!("== {path}");
        for q in newsflow::extract::quotes::quotes(&body) {
            let before: String = body.chars().take(q.offset as usize).collect();
            let para = before.matches("\n\n").count();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[line_start..].chars().count();
            let text: String = q.text.chars().take(60).collect();
            println!(
                "{para}:{col} {} ({}) | {text}",
                q.speaker.as_deref().unwrap_or("-"),
                q.cue.as_deref().unwrap_or("-"),
            );
        }
    }
}
