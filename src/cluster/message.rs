//! The wire form of an input (docs/cluster.md, section 2): the file's bytes as
//! the payload, its metadata in headers, and a message id that makes a re-sent
//! file (same path, same bytes) one message.

use async_nats::HeaderMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::{Input, Rejection};

pub const SHA256: &str = "Newsflow-Sha256";
pub const PATH: &str = "Newsflow-Path";
pub const NAME: &str = "Newsflow-Name";
pub const SIZE: &str = "Newsflow-Size";
pub const MTIME_NS: &str = "Newsflow-Mtime-Ns";
pub const RECEIVED_AT: &str = "Newsflow-Received-At";
pub const INTAKE: &str = "Newsflow-Intake";
pub const READ_KIND: &str = "Newsflow-Read-Kind";
pub const READ_REASON: &str = "Newsflow-Read-Reason";

/// Room left for headers when checking the server's `max_payload`.
pub const HEADER_ROOM: u64 = 16 * 1024;

/// What one input message says, decoded (what a worker rebuilds an input from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputMeta {
    pub msg_id: String,
    /// The content's sha256; empty when intake could not read the file.
    pub sha256: String,
    pub path: String,
    pub name: String,
    pub size: u64,
    pub mtime_ns: Option<i64>,
    pub received_at: String,
    pub intake: String,
    /// The read stage's rejection (kind, reason) when intake could not read it.
    pub read_error: Option<(String, String)>,
}

/// First 16 hex digits of the path's sha256: the path's part of a message id.
fn path_key(path: &str) -> String {
    let mut key = hex::encode(Sha256::digest(path.as_bytes()));
    key.truncate(16);
    key
}

/// The message id of a read input: `<content sha256>.<path key>`.
pub fn msg_id(sha256: &str, path: &str) -> String {
    format!("{sha256}.{}", path_key(path))
}

/// The message id of an input intake could not read: the same unreadable
/// file (path, size, time) re-sent is one message.
pub fn unread_msg_id(kind: &str, path: &str, size: u64, mtime_ns: Option<i64>) -> String {
    let mtime = mtime_ns.map_or_else(|| "-".to_string(), |t| t.to_string());
    format!("unread.{kind}.{}.{size}.{mtime}", path_key(path))
}

impl InputMeta {
    /// The metadata of a taken input, read (`Ok(sha256)`) or not (`Err`).
    pub fn of(input: &Input, read: Result<&str, &Rejection>, intake: &str) -> InputMeta {
        let path = input.path.display().to_string();
        let mtime_ns = input.modified.and_then(crate::write::mtime_ns);
        let (msg_id, sha256, read_error) = match read {
            Ok(sha256) => (msg_id(sha256, &path), sha256.to_string(), None),
            Err(rejection) => (
                unread_msg_id(rejection.kind, &path, input.size, mtime_ns),
                String::new(),
                Some((rejection.kind.to_string(), rejection.reason.clone())),
            ),
        };
        InputMeta {
            msg_id,
            sha256,
            path,
            name: input.name.clone(),
            size: input.size,
            mtime_ns,
            received_at: input.received_at.clone(),
            intake: intake.to_string(),
            read_error,
        }
    }

    /// The message headers, `Nats-Msg-Id` included.
    pub fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(async_nats::header::NATS_MESSAGE_ID, self.msg_id.as_str());
        h.insert(SHA256, self.sha256.as_str());
        h.insert(PATH, encode(&self.path));
        h.insert(NAME, encode(&self.name));
        h.insert(SIZE, self.size.to_string());
        if let Some(t) = self.mtime_ns {
            h.insert(MTIME_NS, t.to_string());
        }
        h.insert(RECEIVED_AT, self.received_at.as_str());
        h.insert(INTAKE, encode(&self.intake));
        if let Some((kind, reason)) = &self.read_error {
            h.insert(READ_KIND, kind.as_str());
            h.insert(READ_REASON, encode(reason));
        }
        h
    }

    /// Reads the metadata back from a message's headers.
    pub fn from_headers(h: &HeaderMap) -> Result<InputMeta, String> {
        let get = |name: &str| -> Result<String, String> {
            h.get(name)
                .map(|v| v.as_str().to_string())
                .ok_or_else(|| format!("the input message has no {name} header"))
        };
        let text = |name: &str| -> Result<String, String> {
            decode(&get(name)?)
                .ok_or_else(|| format!("the {name} header is not percent-encoded UTF-8"))
        };
        let read_error = match h.get(READ_KIND) {
            None => None,
            Some(kind) => Some((kind.as_str().to_string(), text(READ_REASON)?)),
        };
        Ok(InputMeta {
            msg_id: get(async_nats::header::NATS_MESSAGE_ID.as_ref())?,
            sha256: get(SHA256)?,
            path: text(PATH)?,
            name: text(NAME)?,
            size: number(SIZE, get(SIZE)?)?,
            mtime_ns: match h.get(MTIME_NS) {
                None => None,
                Some(v) => Some(number(MTIME_NS, v.as_str().to_string())?),
            },
            received_at: get(RECEIVED_AT)?,
            intake: text(INTAKE)?,
            read_error,
        })
    }
}

/// A number header's value.
fn number<T: std::str::FromStr>(name: &str, value: String) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("the {name} header is not a number: {value}"))
}

/// Percent-encodes what a header value should not carry: bytes outside
/// printable ASCII, `%`, and spaces at either end (which may be trimmed).
pub fn encode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let edge = i == 0 || i + 1 == bytes.len();
        if (b' '..=b'~').contains(&b) && b != b'%' && !(b == b' ' && edge) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`encode`]; `None` for a malformed escape or bytes that are not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_round_trip() {
        for s in [
            "plain.txt",
            "dir/with space.html",
            " lead and trail ",
            "100% sure",
            "zürich-é.json",
            "line\nbreak\r.txt",
            "",
        ] {
            let e = encode(s);
            assert!(
                e.bytes().all(|b| (b' '..=b'~').contains(&b)),
                "{s:?} -> {e:?}"
            );
            assert_eq!(decode(&e).as_deref(), Some(s), "{s:?} -> {e:?}");
        }
        assert_eq!(encode("a b"), "a b");
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
    }

    #[test]
    fn ids_name_content_and_path() {
        let sha = "ab".repeat(32);
        let a = msg_id(&sha, "/in/a.txt");
        assert!(a.starts_with(&format!("{sha}.")));
        assert_eq!(a.len(), 64 + 1 + 16);
        assert_eq!(a, msg_id(&sha, "/in/a.txt"));
        assert_ne!(a, msg_id(&sha, "/in/b.txt"));
        assert_ne!(
            unread_msg_id("vanished", "/in/a.txt", 3, Some(1)),
            unread_msg_id("vanished", "/in/a.txt", 3, Some(2))
        );
    }

    #[test]
    fn metadata_round_trips_through_headers() {
        let meta = InputMeta {
            msg_id: msg_id(&"cd".repeat(32), "/in/x y.txt"),
            sha256: "cd".repeat(32),
            path: "/in/x y.txt".into(),
            name: "x y.txt".into(),
            size: 12,
            mtime_ns: Some(1_700_000_000_123_456_789),
            received_at: "2026-12-07T20:00:00.000000Z".into(),
            intake: "node-1".into(),
            read_error: None,
        };
        assert_eq!(InputMeta::from_headers(&meta.headers()).unwrap(), meta);
        let unread = InputMeta {
            mtime_ns: None,
            sha256: String::new(),
            read_error: Some(("vanished".into(), "the file disappeared".into())),
            ..meta
        };
        assert_eq!(InputMeta::from_headers(&unread.headers()).unwrap(), unread);
    }
}
