//! Prometheus metrics: the registry lives in `warden-metrics`, shared by every part of Warden;
//! the server records HTTP and authentication events and serves it at `GET /metrics`.

pub use warden_metrics::Metrics;
