mod agents;
mod bounds;
mod credentials;
mod delivery;
mod support;
