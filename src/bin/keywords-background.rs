//! Builds `data/keywords/background.bin`, the document frequencies keywords
//! start from on a fresh corpus: every keyword candidate (word or phrase) of
//! the CoNLL-2003 train and dev documents (Reuters newswire, 1996-97), counted
//! once per document, keeping those in two documents or more. Deterministic.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use newsflow::corpus::keywords::{Background, candidates};
use newsflow::tag::ner::train::read_conll;

#[derive(Parser)]
#[command(about = "Build the keyword background table from CoNLL-2003")]
struct Args {
    /// Folder holding CoNLL-2003 train.txt and dev.txt.
    #[arg(long, default_value = "../shared/corpus/conll2003")]
    corpus: PathBuf,
    /// Where to write the table.
    #[arg(long, default_value = "data/keywords/background.bin")]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut docs = Vec::new();
    for name in ["train.txt", "dev.txt"] {
        let path = args.corpus.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        for doc in read_conll(&text) {
            let keys = candidates("", &doc.lines().join("\n"), true)
                .iter()
                .map(|c| c.key)
                .collect();
            docs.push(keys);
        }
    }
    let table = Background::build(docs, 2);
    let bytes = table.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{} documents, {} terms in two or more: wrote {} ({} bytes)",
        table.docs(),
        (bytes.len() - 24) / 12,
        args.out.display(),
        bytes.len()
    );
    Ok(())
}
