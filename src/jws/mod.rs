//! JSON Web Signature (RFC 7515). TODO
