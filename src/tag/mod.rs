//! The tag stage, the single owner of corpus-wide state (term statistics for
//! keywords, the story index). It sees articles in processing order so that
//! records are repeatable. Language, entities, places, topics and stories are
//! computed here as they are built; until then it passes drafts through.

use crate::document::Draft;

/// Corpus-wide state the tagger keeps between articles.
#[derive(Debug, Default)]
pub struct Tagger {
    articles_seen: u64,
}

impl Tagger {
    /// Tags one article, in processing order.
    pub fn tag(&mut self, draft: Draft) -> Draft {
        self.articles_seen += 1;
        draft
    }
}
