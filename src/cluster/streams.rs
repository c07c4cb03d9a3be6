//! The JetStream streams: created with newsflow's settings when missing, and
//! checked when they exist (a stream that does not hold our subject is a setup
//! error, not something to change behind the user's back).

use std::time::Duration;

use async_nats::jetstream::stream::{self, RetentionPolicy, StorageType};

use super::Error;
use crate::config::StreamsConfig;

/// The settings newsflow creates a stream of inputs or results with.
pub fn config(streams: &StreamsConfig, name: &str, subject: &str) -> stream::Config {
    stream::Config {
        name: name.to_string(),
        subjects: vec![subject.to_string()],
        retention: RetentionPolicy::Limits,
        storage: StorageType::File,
        max_age: Duration::from_secs(streams.max_age_hours * 3600),
        duplicate_window: Duration::from_secs(streams.duplicate_window_secs),
        num_replicas: streams.replicas,
        ..Default::default()
    }
}

/// Gets the stream, creating it when missing; checks it holds `subject`.
pub async fn ensure(
    jetstream: &async_nats::jetstream::Context,
    wanted: stream::Config,
) -> Result<stream::Stream, Error> {
    let name = wanted.name.clone();
    let subject = wanted.subjects.first().cloned().unwrap_or_default();
    let mut stream = jetstream.get_or_create_stream(wanted).await.map_err(|e| {
        Error::Setup(format!(
            "cannot get or create the stream {name} ({e}): check the server's JetStream limits \
             and permissions, or set another name in [cluster.streams]"
        ))
    })?;
    let info = stream
        .info()
        .await
        .map_err(|e| Error::Nats(format!("cannot read the stream {name}: {e}")))?;
    if !info.config.subjects.iter().any(|s| s == &subject) {
        return Err(Error::Setup(format!(
            "the stream {name} exists but does not hold the subject {subject} (it holds {:?}): \
             set [cluster.streams] to match it, or delete the stream so newsflow creates it",
            info.config.subjects
        )));
    }
    tracing::info!(
        stream = %name,
        messages = info.state.messages,
        last_seq = info.state.last_sequence,
        duplicate_window_secs = info.config.duplicate_window.as_secs(),
        "stream ready"
    );
    Ok(stream)
}
