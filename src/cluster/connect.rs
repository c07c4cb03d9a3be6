//! Reaching the NATS servers of `cluster.servers`, with JetStream on.

use async_nats::jetstream;

use super::Error;
use crate::config::ClusterConfig;

/// A connection and its JetStream context.
#[derive(Clone)]
pub struct Nats {
    pub client: async_nats::Client,
    pub jetstream: jetstream::Context,
}

/// Connects to one of the servers (each tried for `connect_timeout_secs`) and
/// checks that JetStream answers. Both failures are setup errors (exit 2)
/// naming the fix. Once connected, the client reconnects by itself.
pub async fn connect(cluster: &ClusterConfig) -> Result<Nats, Error> {
    let servers = cluster.servers.join(", ");
    let addrs: Vec<async_nats::ServerAddr> = cluster
        .servers
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| {
            Error::Setup(format!(
                "cluster.servers: {e}: write each as nats://host:port"
            ))
        })?;
    let options = async_nats::ConnectOptions::new()
        .name(format!("newsflow {}", cluster.node_name()))
        .connection_timeout(cluster.connect_timeout())
        .max_reconnects(None);
    let client = tokio::time::timeout(
        cluster.connect_timeout() * addrs.len() as u32 + cluster.connect_timeout(),
        options.connect(addrs),
    )
    .await
    .map_err(|_| unreachable(&servers, "timed out"))?
    .map_err(|e| unreachable(&servers, &e.to_string()))?;
    let jetstream = jetstream::new(client.clone());
    check_jetstream(&client).await.map_err(|e| {
        Error::Setup(format!(
            "the NATS server at {servers} does not answer JetStream requests ({e}): start it \
             with JetStream on (nats-server -js, or `jetstream {{}}` in its configuration)"
        ))
    })?;
    let info = client.server_info();
    tracing::info!(
        server = %info.host,
        port = info.port,
        version = %info.version,
        max_payload = info.max_payload,
        "connected to NATS"
    );
    Ok(Nats { client, jetstream })
}

fn unreachable(servers: &str, why: &str) -> Error {
    Error::Setup(format!(
        "cannot reach a NATS server at {servers} ({why}): start nats-server -js there, \
         or fix cluster.servers"
    ))
}

/// Asks `$JS.API.INFO` directly (the client's typed account info expects
/// fields newer servers send; the raw answer works with 2.9 and later).
async fn check_jetstream(client: &async_nats::Client) -> Result<(), String> {
    let reply = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        client.request("$JS.API.INFO", Default::default()),
    )
    .await
    .map_err(|_| "no answer within 5 s".to_string())?
    .map_err(|e| e.to_string())?;
    let answer: serde_json::Value =
        serde_json::from_slice(&reply.payload).map_err(|e| format!("unreadable answer: {e}"))?;
    match answer.get("error") {
        Some(error) => Err(error.to_string()),
        None => Ok(()),
    }
}
