mod agents;
mod credentials;
mod delivery;
mod support;
