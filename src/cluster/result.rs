//! The wire form of a worker's result (docs/cluster.md, sections 2-3): one
//! message per input on the results stream, id `r<input seq>`, holding each
//! article's record as the per-article stages left it (its dedup verdict is
//! the owner's to set) or its rejection.

use serde::{Deserialize, Serialize};

use super::message::InputMeta;
use crate::record::{ArticleRecord, RejectedRecord};

/// Header: the input stream sequence this result is for.
pub const INPUT_SEQ: &str = "Newsflow-Input-Seq";
/// Header: the worker's node name.
pub const WORKER: &str = "Newsflow-Worker";

/// The message id of the result for input `seq`: a second worker's result for
/// a redelivered input is dropped as a duplicate.
pub fn msg_id(input_seq: u64) -> String {
    format!("r{input_seq}")
}

/// All the per-article stages made of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkResult {
    /// The input's sequence in the inputs stream: the owner's order.
    pub input_seq: u64,
    pub input: InputMeta,
    pub worker: String,
    /// One per article (a JSON Lines file or a JSON array has several).
    pub parts: Vec<ResultPart>,
}

/// Where an article of a multi-article file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartOf {
    pub number: u32,
    pub last: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ResultPart {
    /// An article: extracted and tagged; `record.dedup` is a placeholder.
    Article {
        part: Option<PartOf>,
        sha256: String,
        /// The dedup key (`dedup::article_key`), also the record id.
        key: u64,
        record: Box<ArticleRecord>,
        /// `dedup::IndexEntry` bytes (hex): the owner's index row.
        index_entry: String,
        /// `dedup::VerifyData` bytes (hex).
        index_verify: String,
    },
    /// A rejection, exactly as the daemon's stages make it.
    Rejected {
        part: Option<PartOf>,
        sha256: Option<String>,
        record: Box<RejectedRecord>,
    },
}
