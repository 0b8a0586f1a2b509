//! The loopback HTTP server the integration tests talk to.
