//! Docker events that name a container by its id alone. Docker's own events carry the
//! container's `name` among their attributes, but a proxy, another daemon speaking Docker's API,
//! or an event whose attributes were cut, names it by the actor's id only (its full id, or the
//! short id `docker ps` shows). Everything the monitor remembers of a container is keyed by its
//! name, as a sweep reads it: a `kill` or `stop` remembered under the id would stop nothing (the
//! exit it caused then taken for a crash and "repaired"), and a `die` or `oom` under the id would
//! match no container listed. Such ids are looked up (`docker_inspect`) when a sweep judges them,
//! before anything is forgotten as a removed container's.

use super::Monitor;
use super::events::Exit;
use super::readings::ContainerReading;

/// Whether `spelled` may be a container's id: 12 to 64 lowercase hexadecimal digits, as Docker's
/// events write one (64) or `docker ps` shows it (12).
pub(super) fn id_like(spelled: &str) -> bool {
    (12..=64).contains(&spelled.len())
        && spelled
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Whether `name` is one of the containers `listed`.
fn is_listed(listed: &[ContainerReading], name: &str) -> bool {
    listed.iter().any(|c| c.name == name)
}

impl Monitor {
    /// The name of the container that `spelled` (an id, when it is not a listed container's
    /// name) names, or `spelled` as it is.
    pub(super) async fn listed_name(&self, listed: &[ContainerReading], spelled: &str) -> String {
        let plain = spelled.trim().trim_start_matches('/');
        if is_listed(listed, plain) || !id_like(plain) {
            return plain.to_owned();
        }
        self.restarted_name(plain).await
    }

    /// Names by their containers' names the signals remembered under an id and the exits and
    /// kills for memory (`exits`, `ooms`) a sweep's trigger reported by one, the containers
    /// `listed` being those the sweep read. An id that names no container (removed since) is
    /// left as it is, and forgotten with the removed containers.
    pub(super) async fn name_event_ids(
        &self,
        listed: &[ContainerReading],
        exits: &mut [Exit],
        ooms: &mut [Exit],
    ) {
        let ids: Vec<String> = match self.signals.lock() {
            Ok(signals) => signals
                .unlisted(listed)
                .into_iter()
                .filter(|key| id_like(key))
                .collect(),
            Err(_) => Vec::new(),
        };
        for id in ids {
            let name = self.listed_name(listed, &id).await;
            if name != id
                && let Ok(mut signals) = self.signals.lock()
            {
                signals.rename(&id, &name);
            }
        }
        for exit in exits.iter_mut().chain(ooms.iter_mut()) {
            exit.container = self.listed_name(listed, &exit.container).await;
        }
    }

    /// The name a `rename` event's new name stands for: itself, or, when the event named the
    /// container by its id only, the container's name.
    pub(super) async fn renamed_to(&self, to: &str) -> String {
        let plain = to.trim().trim_start_matches('/');
        if id_like(plain) {
            self.restarted_name(plain).await
        } else {
            plain.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::id_like;

    #[test]
    fn an_id_is_12_to_64_lowercase_hexadecimal_digits() {
        let full = "4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
        assert!(id_like(full));
        assert!(id_like(&full[..12]));
        assert!(!id_like(&full[..11]));
        assert!(!id_like(&full.to_ascii_uppercase()));
        assert!(!id_like("web"));
        assert!(!id_like("web-1234567890"));
        assert!(!id_like(&format!("{full}0")));
    }
}
