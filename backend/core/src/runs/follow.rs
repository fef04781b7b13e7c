//! Following a run: its stored events after a sequence number, then the live ones, without gaps
//! or repeats, ending after the terminal event. A follower that falls behind the broadcast reads
//! what it missed from the store.

use std::sync::Arc;

use futures_util::Stream;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use warden_protocol::chat::ServerEvent;

use super::{RunError, RunService};

/// The events of the caller's run `run_id` after `after_seq` (stored, then live from a
/// subscription taken now), ending after the terminal event; an error (an unknown run, a
/// database failure) ends it. `live`: the receiver of a [`super::StartedRun`], subscribed before
/// the run's first event, so nothing is read from the store unless the follower falls behind
/// the broadcast.
pub fn follow(
    service: Arc<RunService>,
    owner_id: String,
    run_id: String,
    after_seq: u64,
    live: Option<broadcast::Receiver<ServerEvent>>,
) -> impl Stream<Item = Result<ServerEvent, RunError>> + Send {
    struct State {
        service: Arc<RunService>,
        owner_id: String,
        run_id: String,
        last: u64,
        live: Option<broadcast::Receiver<ServerEvent>>,
        backlog: std::collections::VecDeque<ServerEvent>,
        loaded: bool,
        done: bool,
    }
    let state = State {
        service,
        owner_id,
        run_id,
        last: after_seq,
        // A receiver from the start sees every event: the store has nothing it lacks. Asked
        // for events after some point, the follower replays the store regardless.
        loaded: live.is_some() && after_seq == 0,
        live,
        backlog: Default::default(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if s.done {
                return None;
            }
            if let Some(event) = s.backlog.pop_front() {
                if event.seq <= s.last {
                    continue;
                }
                s.last = event.seq;
                s.done = event.event.is_terminal();
                return Some((Ok(event), s));
            }
            if !s.loaded {
                s.loaded = true;
                if s.live.is_none() {
                    s.live = s.service.subscribe(&s.owner_id, &s.run_id);
                }
                match s.service.events_after(&s.owner_id, &s.run_id, s.last).await {
                    Ok((status, events)) => {
                        s.backlog.extend(events);
                        // A run that finished earlier (or was interrupted) has nothing newer to send.
                        if s.live.is_none() && s.backlog.is_empty() {
                            tracing::debug!(run = %s.run_id, %status, "nothing to follow");
                            return None;
                        }
                    }
                    Err(e) => {
                        s.done = true;
                        return Some((Err(e), s));
                    }
                }
                continue;
            }
            let live = s.live.as_mut()?;
            match live.recv().await {
                Ok(event) => s.backlog.push_back(event),
                Err(RecvError::Lagged(_)) => s.loaded = false,
                Err(RecvError::Closed) => {
                    // The run ended; anything not yet seen is in the store.
                    s.live = None;
                    s.loaded = false;
                    if let Ok((_, events)) =
                        s.service.events_after(&s.owner_id, &s.run_id, s.last).await
                    {
                        s.backlog.extend(events);
                    }
                    if s.backlog.is_empty() {
                        return None;
                    }
                    s.loaded = true;
                }
            }
        }
    })
}
