//! Trains the entity recogniser on CoNLL-2003 `train.txt` and writes
//! `data/ner/model.bin`; then reports mention-level P/R/F1 on `dev.txt`
//! (never trained on). Deterministic: same corpus and settings, same bytes.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use newsflow::tag::ner::Recognizer;
use newsflow::tag::ner::features::Gazetteer;
use newsflow::tag::ner::train::{Settings, evaluate, read_conll, train};

#[derive(Parser)]
#[command(about = "Train the newsflow entity recogniser on CoNLL-2003")]
struct Args {
    /// Folder holding CoNLL-2003 train.txt and dev.txt.
    #[arg(long, default_value = "../shared/corpus/conll2003")]
    corpus: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "data/ner/model.bin")]
    out: PathBuf,
    /// Perceptron epochs per pass.
    #[arg(long, default_value_t = Settings::default().epochs)]
    epochs: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let read = |name: &str| -> anyhow::Result<String> {
        let path = args.corpus.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let train_docs = read_conll(&read("train.txt")?);
    let dev_docs = read_conll(&read("dev.txt")?);
    let gaz = Gazetteer::parse(include_str!("../../data/ner/gazetteer.tsv"));
    let settings = Settings {
        epochs: args.epochs,
        ..Settings::default()
    };
    eprintln!(
        "training on {} documents, {} epochs",
        train_docs.len(),
        settings.epochs
    );
    let mut log = |m: &str| eprintln!("[{:>6.1}s] {m}", started.elapsed().as_secs_f64());
    let model = train(&train_docs, &gaz, settings, &mut log);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), bytes.len());
    let rec = Recognizer::with_model(model);
    let scores = evaluate(&rec, &dev_docs);
    println!(
        "CoNLL-2003 dev, mention-level exact match:\n{}",
        scores.table()
    );
    eprintln!("done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}
