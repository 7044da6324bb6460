//! jot-axum (placeholder until the middleware lands).
#![forbid(unsafe_code)]
