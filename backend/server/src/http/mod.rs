//! HTTP plumbing shared by every route: errors, extractors, middleware, limits and metrics.

pub mod body_limit;
pub mod client_ip;
pub mod error;
pub mod json;
pub mod json_keys;
pub mod metrics;
pub mod middleware;
pub mod missing_ids;
pub mod no_body;
pub mod query;
pub mod query_text;
pub mod query_values;
pub mod quote;
pub mod rate_limit;
pub mod request_bounds;
pub mod route_shapes;

pub use client_ip::ClientIp;
pub use error::{ApiError, wire_filter};
pub use json::ApiJson;
pub use query::ApiQuery;
