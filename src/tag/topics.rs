//! Topics: the 17 top-level IPTC Media Topics an article is about, with
//! scores, best first. (Skeleton.)

use crate::record::Topic;

/// The topic classifier, loaded once and shared by every worker.
pub struct Classifier {}

impl Classifier {
    pub fn load() -> Classifier {
        Classifier {}
    }

    /// The topics that apply (usually one to three), best first.
    pub fn classify(&self, _title: &str, _body: &str) -> Vec<Topic> {
        Vec::new()
    }
}
