//! TODO
/// Placeholder.
#[derive(Debug)]
pub struct SigningKey;
/// Placeholder.
#[derive(Debug)]
pub struct VerifyingKey;
