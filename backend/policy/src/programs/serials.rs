//! Serial numbers a program reads from a device as root where nothing contains it
//! (`ssh_exec`): the drive's identify data (`smartctl -i`, `-a`, `-x`; `nvme id-ctrl`), a PCI
//! device's Device Serial Number capability in its extended configuration space (every
//! `lspci -v`, which lists capabilities), a USB device's descriptors (`lsusb -v`), a pluggable
//! module's EEPROM (`ethtool -m`). They are
//! asset and licensing identities, judged as `dmidecode`'s tables are: contained, the reader
//! is refused the device and prints none of them; remotely a human decides.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Raises `j` to high where nothing contains the command: `shown` prints a device's serial
/// number read from the device itself.
pub fn raise(ctx: &Ctx, j: &mut Judgement, shown: &str) {
    if !ctx.paths.uncontained {
        return;
    }
    j.raise(
        RiskLevel::High,
        format!(
            "{shown} reads a device's serial number from the device as root (an asset identity, as dmidecode's tables hold); nothing contains it here (`smartctl -H`, `nvme smart-log`, `lspci -nn`, `ethtool -i` print none)"
        ),
    );
}
