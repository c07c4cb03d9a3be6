//! newsflow as several processes over NATS JetStream (issue 14; the design is
//! `docs/cluster.md`). `[cluster]` in the configuration chooses this; without
//! it the single-process daemon runs and nothing here is used.
//!
//! One file per responsibility: [`connect`] reaches the server, [`streams`]
//! creates or checks the streams, [`message`] is the wire form of an input,
//! [`intake`] is the intake role. Workers, the owner and sinks are to come.

pub mod connect;
pub mod intake;
pub mod message;
pub mod result;
pub mod streams;
pub mod worker;

use tokio_util::sync::CancellationToken;

use crate::config::{ClusterConfig, Config, ConfigError, Role};

/// Errors that stop a cluster process.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Newsflow(#[from] crate::Error),
    /// Configuration or setup that the user must fix (exit code 2): the server
    /// cannot be reached, JetStream is off, a stream does not fit.
    #[error("{0}")]
    Setup(String),
    /// The server failed while running (exit code 1).
    #[error("{0}")]
    Nats(String),
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Error {
        Error::Newsflow(e.into())
    }
}

impl From<crate::state::StateError> for Error {
    fn from(e: crate::state::StateError) -> Error {
        Error::Newsflow(e.into())
    }
}

impl Error {
    /// The process exit code: 2 for configuration and setup, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Newsflow(e) => e.exit_code(),
            Error::Setup(_) => 2,
            Error::Nats(_) => 1,
        }
    }
}

/// The roles this build can run so far.
const BUILT: &[Role] = &[Role::Intake, Role::Worker];

/// Runs this process's roles until `shutdown` is cancelled.
pub async fn run(config: Config, shutdown: CancellationToken) -> Result<(), Error> {
    config.validate()?;
    let Some(cluster) = config.cluster.clone() else {
        return Err(Error::Setup(
            "no [cluster] section: this is the single-process daemon".into(),
        ));
    };
    check_built(&cluster)?;
    let nats = connect::connect(&cluster).await?;
    let mut roles = Vec::new();
    if cluster.has(Role::Intake) {
        let (config, cluster, nats, shutdown) = (
            config.clone(),
            cluster.clone(),
            nats.clone(),
            shutdown.clone(),
        );
        roles.push(tokio::spawn(async move {
            intake::run(&config, &cluster, nats, shutdown).await
        }));
    }
    if cluster.has(Role::Worker) {
        let (config, cluster, nats, shutdown) = (
            config.clone(),
            cluster.clone(),
            nats.clone(),
            shutdown.clone(),
        );
        roles.push(tokio::spawn(async move {
            worker::run(&config, &cluster, nats, shutdown).await
        }));
    }
    // One role failing stops the others; the first error is the process's.
    let mut first_error = None;
    for role in roles {
        let result = role
            .await
            .unwrap_or_else(|e| Err(Error::Nats(format!("a role task failed: {e}"))));
        if let Err(e) = result {
            shutdown.cancel();
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn check_built(cluster: &ClusterConfig) -> Result<(), Error> {
    match cluster.roles.iter().find(|r| !BUILT.contains(r)) {
        None => Ok(()),
        Some(role) => Err(Error::Setup(format!(
            "cluster.roles: the \"{}\" role is not built yet (only \"intake\" and \"worker\" \
             are; see docs/cluster.md): remove it from cluster.roles, or remove [cluster] to run the \
             single-process daemon",
            role.as_str()
        ))),
    }
}
