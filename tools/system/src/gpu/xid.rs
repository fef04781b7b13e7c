//! Critical XID errors, as NVML delivers them: an event set per GPU, registered for
//! `nvmlEventTypeXidCriticalError` at the first reading and drained at each later one without
//! waiting (a timeout of 0 ms, at most [`DRAIN`] events a reading), so a reading never blocks on
//! them. NVML only delivers events that arrive after the registration: the count is of errors
//! since this process began watching, as the volatile ECC counters count since the driver
//! loaded. A GPU whose registration fails (no event support, lost) has no count (`None`), never
//! an error of the whole reading.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use nvml_wrapper::bitmasks::event::EventTypes;
use nvml_wrapper::enums::event::XidError;
use nvml_wrapper::{EventSet, Nvml};

/// Events read from one GPU's set in one reading, at most: a storm of XIDs is counted over
/// several readings rather than holding this one.
const DRAIN: usize = 64;

/// One GPU's watch: its event set (None where registering failed: not retried every reading)
/// and what it delivered so far.
struct Watch {
    set: Option<EventSet<'static>>,
    count: u64,
    last: Option<u64>,
}

/// The NVML handle the event sets live on, kept for the life of the process (NVML counts its
/// initialisations, so the readings' own handles come and go beside it).
fn nvml() -> Option<&'static Nvml> {
    static NVML: OnceLock<Option<Nvml>> = OnceLock::new();
    NVML.get_or_init(|| Nvml::init().ok()).as_ref()
}

fn watches() -> &'static Mutex<HashMap<String, Watch>> {
    static WATCHES: OnceLock<Mutex<HashMap<String, Watch>>> = OnceLock::new();
    WATCHES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The critical XID errors of the GPU at `index` (keyed by its UUID where read) since it was
/// first watched, and the latest one's code: `(None, None)` where NVML delivers none.
pub fn critical_xids(index: u32, uuid: Option<&str>) -> (Option<u64>, Option<u64>) {
    let Some(nvml) = nvml() else {
        return (None, None);
    };
    let key = uuid.map_or_else(|| format!("index:{index}"), str::to_owned);
    let Ok(mut watches) = watches().lock() else {
        return (None, None);
    };
    let watch = watches.entry(key).or_insert_with(|| Watch {
        set: register(nvml, index),
        count: 0,
        last: None,
    });
    let Some(set) = &watch.set else {
        return (None, None);
    };
    for _ in 0..DRAIN {
        let Ok(event) = set.wait(0) else { break };
        if event.event_type.contains(EventTypes::CRITICAL_XID_ERROR) {
            watch.count = watch.count.saturating_add(1);
            if let Some(XidError::Value(code)) = event.event_data {
                watch.last = Some(code);
            }
        }
    }
    (Some(watch.count), watch.last)
}

/// A set with the GPU at `index` registered for critical XID errors, where it supports them.
fn register(nvml: &'static Nvml, index: u32) -> Option<EventSet<'static>> {
    let device = nvml.device_by_index(index).ok()?;
    let supported = device.supported_event_types().ok()?;
    if !supported.contains(EventTypes::CRITICAL_XID_ERROR) {
        return None;
    }
    let set = nvml.create_event_set().ok()?;
    device
        .register_events(EventTypes::CRITICAL_XID_ERROR, set)
        .ok()
}
