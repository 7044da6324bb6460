//! TODO
/// Placeholder.
#[derive(Debug)]
pub struct JwkSet;
/// Placeholder.
pub trait Keys {}
