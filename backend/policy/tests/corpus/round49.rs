//! Dangerous command lines, forty-ninth set: destroying writes to a wildcard where the line
//! starts, the files the machine boots through, programs written by an output option,
//! hardware and firmware writers, the boot chain's and the account files' repairers, and files
//! compressed away in place, each probe recorded with the level it gets.
//! What was found and is now judged differently:
//! - `shred -u *`, `: > *`, `truncate -s 0 *`, `rm -f *`, `chown nobody *`, `sed -i d *`, `cp
//!   /dev/null *`, `ln -sf /dev/null *`, `for f in *; do : > "$f"; done`, `find . -type f -exec
//!   truncate -s 0 {} \;` were high. Where the line starts is a directory it does not show (a
//!   service's is `/`, an administrator's shell may sit in `/etc` or `/usr/bin`): a relative
//!   wildcard is judged as the files the machine needs that it may name in each such directory
//!   (`paths/unknown_start.rs`: `/etc/passwd`, `/etc/fstab`, `/usr/bin/bash`, `/boot/vmlinuz`,
//!   `/dev/sda`…), in writes (`paths/mod.rs` `write`) and in every program's operands
//!   (`programs/mod.rs` `raise_start_wildcards`), and forbidden where one of them is. A
//!   directory the line moved to is judged instead (`cd /etc && shred -u *` is forbidden, `cd
//!   /tmp/build && shred -u *` stays high); a wildcard no such file matches (`rm -f *.log`,
//!   `: > *.log`) stays high. A `for` loop over a wildcard gives `"$f"` each name it matches
//!   (`assigned.rs` `loop_values`). find chosen by a kind alone (`-type f`) reaches every file
//!   of its start within its `-maxdepth` (`find /etc -type f -exec truncate -s 0 {} \;`,
//!   `find . -maxdepth 1 -type f -delete`: `programs/find_reach.rs`); `find /var/log -type f
//!   -exec truncate -s 0 {} \;` stays high.
//! - `rm -rf ~/.*`, `rm -rf $HOME/.*`, `chown -R nobody ~/.*`, `rm -rf /home/*/.*` were high.
//!   A last component made of dots and wildcards alone names everything in the directory
//!   before it, and one that may match `..` names its parent (`chown -R alice
//!   /home/alice/.*` reaches `/home`): judged as that directory (`destroy.rs`
//!   `is_system_tree`).
//! - `: > /boot/vmlinuz`, `cp x /boot/vmlinuz-6.1`, `dd if=/dev/zero of=/boot/initrd.img`, `>
//!   /boot/efi/EFI/ubuntu/shimx64.efi`, `rm /vmlinuz`, `rm -rf /boot/efi/EFI` were high.
//!   Writing a kernel or initial ramdisk of any version, or any file of the boot loaders'
//!   directories (`/boot/grub`, `/boot/efi`, `/efi`, `/boot/loader`), is forbidden; deleting
//!   one is forbidden except one kernel version's own files (`rm
//!   /boot/vmlinuz-6.1.0-17-amd64` stays high) (`paths/boot_chain.rs`).
//! - `gcc -o /usr/bin/sudo x.c`, `strip /bin/bash`, `objcopy x /bin/ls`, `ld -o /sbin/init`,
//!   `rustc --out-dir /usr/bin`, `yq -i . /etc/shadow` were medium; `cp x /usr/bin/ls`, `curl -o
//!   /bin/ls` were high. A write of a file in the system's program directories, of a shared
//!   library or of a kernel module is forbidden (`paths/boot_chain.rs` `is_system_program`);
//!   an unknown program's output option (`-o`, `--output`, `--out-dir`…), binutils' in-place
//!   editors and copiers, and in-place text tools are judged as writes
//!   (`programs/output_options.rs`); `/usr/local/bin` and `/opt` are high (round 53: a new
//!   name an output option builds into a program directory, `go build -o /usr/bin/x`, is
//!   high too). `ln -sf
//!   /usr/bin/python3.11 /usr/bin/python3` (another installed program) stays high.
//! - `setpci … =VALUE`, `wrmsr`, `i2cset`, `nvram`, `flint`, `efivar -w` were medium, and so
//!   were `pwck`, `grpck`, `ldconfig`, `mkinitcpio`, `grub-mkconfig -o`, `kernel-install add`,
//!   `pam-auth-update`, `update-ca-certificates`: high (`programs/machine_changers.rs`); the
//!   forms that only print (`pwck -r`, `ldconfig -p`, `bootctl status`) stay in the sandbox.
//! - `gzip /etc/passwd`, `bzip2 /etc/shadow`, `xz /bin/bash` were high: a compressor removes
//!   each file it is given, judged as `rm` of it (`programs/compressors.rs`); `-c`, `-k` keep it.
//! - `rsync -a ./bin/ /usr/bin/`, `wget -P /usr/bin URL`, `curl --output-dir /usr/bin -O URL`
//!   were high: a local target written `DIR/` and a download directory receive names the line
//!   does not show, judged as `DIR/*` (`programs/written_into.rs`). A cross toolchain's
//!   `…-strip`, zig's `-femit-bin=`, nim's `-o:` and pyinstaller's `--distpath` are output
//!   options too, and an output the line cannot show (`gcc -o "$OUT"`, `strip $(which ls)`)
//!   may be any file; build tools told to `install` are high.
//! - `devmem2 ADDR w VALUE`, `busybox devmem ADDR 32 VALUE`, `memtool mw` were medium: they
//!   write physical memory, as a write to `/dev/mem` does, and are forbidden; `isaset`,
//!   `outb` (I/O ports) are high. A brace expansion is read as its words (`: > {a,b,*}`).
//!
//! Known limits: an unknown program's output operand without an option (`convert x.png
//! /usr/bin/x`) stays medium; a plain name where the line starts (`rm -f passwd`) stays high.

use crate::kinds::Kind;
use warden_policy::RiskLevel::{Forbidden, High};

/// Lines judged at least this on both paths.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "what-the-working-directory-holds-written",
        lines: &[
            (r##"shred -u *"##, Forbidden),
            (r##"shred -uz *"##, Forbidden),
            (r##"shred -n 1 -u -- *"##, Forbidden),
            (r##"shred -fuz -- ./*"##, Forbidden),
            (r##"sudo shred -u *"##, Forbidden),
            (r##"timeout 30 shred -u *"##, Forbidden),
            (r##"busybox shred -u *"##, Forbidden),
            (r##"bash -c 'shred -u *'"##, Forbidden),
            (r##": > *"##, Forbidden),
            (r##"> *"##, Forbidden),
            (r##": >| *"##, Forbidden),
            (r##"echo > *"##, Forbidden),
            (r##"cat /dev/null > *"##, Forbidden),
            (r##"sh -c ': > *'"##, Forbidden),
            (r##"truncate -s 0 *"##, Forbidden),
            (r##"truncate -s0 *"##, Forbidden),
            (r##"truncate --size=0 *"##, Forbidden),
            (r##"truncate -s 0 -- ./*"##, Forbidden),
            (r##"tee * < /dev/null"##, Forbidden),
            (r##"echo x | tee *"##, Forbidden),
            (r##"cp /dev/null *"##, Forbidden),
            (r##"cp -f /dev/null ./*"##, Forbidden),
            (r##"install -m 644 /dev/null *"##, Forbidden),
            (r##"dd if=/dev/zero of=*"##, Forbidden),
            (r##"ln -sf /dev/null *"##, Forbidden),
            (r##"chown nobody *"##, Forbidden),
            (r##"chown -h nobody *"##, Forbidden),
            (r##"chgrp nobody *"##, Forbidden),
            (r##"chmod a+w *"##, Forbidden),
            (r##"chmod 000 *"##, Forbidden),
            (r##"rm -f *"##, Forbidden),
            (r##"rm *"##, Forbidden),
            (r##"rm -f -- ./*"##, Forbidden),
            (r##"rm -f [a-z]*"##, Forbidden),
            (r##"rm -f ?*"##, Forbidden),
            (r##"unlink *"##, Forbidden),
            (r##"sed -i d *"##, Forbidden),
            (r##"sed -i 's/.*//' *"##, Forbidden),
            (r##"perl -pi -e 's/.*//' *"##, Forbidden),
            (r##"for f in *; do : > "$f"; done"##, Forbidden),
            (r##"for f in *; do rm -f "$f"; done"##, Forbidden),
            (r##"for f in ./*; do rm -f -- "$f"; done"##, Forbidden),
            (r##"for f in *; do truncate -s 0 $f; done"##, Forbidden),
            (r##"for f in *; do cat /dev/null > "$f"; done"##, Forbidden),
            (r##"for i in *; do shred -u "$i"; done"##, Forbidden),
            (r##"find . -type f -exec truncate -s 0 {} \;"##, Forbidden),
            (r##"find . -maxdepth 1 -type f -delete"##, Forbidden),
            (
                r##"find . -maxdepth 1 -type f -exec shred -u {} \;"##,
                Forbidden,
            ),
            (
                r##"find . -type f -print0 | xargs -0 truncate -s 0"##,
                Forbidden,
            ),
            (
                r##"find /etc -type f -exec truncate -s 0 {} \;"##,
                Forbidden,
            ),
            (r##"find /etc -maxdepth 1 -type f -delete"##, Forbidden),
            (
                r##"find /boot -type f -exec truncate -s 0 {} +"##,
                Forbidden,
            ),
            (r##"cd /etc && shred -u *"##, Forbidden),
            (r##"cd /etc && truncate -s 0 *"##, Forbidden),
            (r##"cd /usr/bin && rm -f *"##, Forbidden),
            (r##"cd /boot && : > *"##, Forbidden),
            (r##"cd $D && shred -u *"##, Forbidden),
            (r##": > {a,b,*}"##, Forbidden),
            (r##"shred -u {*,.*}"##, Forbidden),
        ],
    },
    Kind {
        name: "dotfiles-of-a-home-or-system-tree",
        lines: &[
            (r##"rm -rf ~/.*"##, Forbidden),
            (r##"rm -rf ./.*"##, Forbidden),
            (r##"rm -rf $HOME/.*"##, Forbidden),
            (r##"rm -rf "$HOME"/.*"##, Forbidden),
            (r##"rm -rf ${HOME}/.*"##, Forbidden),
            (r##"rm -rf "${HOME:?}"/.*"##, Forbidden),
            (r##"rm -rf ~/.[!.]*"##, Forbidden),
            (r##"rm -rf ~/.??*"##, Forbidden),
            (r##"rm -rf .[!.]*"##, Forbidden),
            (r##"chmod -R 777 ~/.*"##, Forbidden),
            (r##"chmod -R 700 ~/.*"##, Forbidden),
            (r##"chown -R nobody ~/.*"##, Forbidden),
            (r##"chown -R alice /home/alice/.*"##, Forbidden),
            (r##"chown -R nobody /root/.*"##, Forbidden),
            (r##"rm -rf /home/*/.*"##, Forbidden),
            (r##"cd ~ && rm -rf .*"##, Forbidden),
        ],
    },
    Kind {
        name: "kernel-and-boot-loader-files",
        lines: &[
            (r##": > /boot/vmlinuz"##, Forbidden),
            (r##"> /boot/vmlinuz-6.1.0-13-amd64"##, Forbidden),
            (r##"cat x > /boot/vmlinuz-6.1.0-18-amd64"##, Forbidden),
            (r##"cp x /boot/vmlinuz-6.1"##, Forbidden),
            (r##"cp -f x /vmlinuz"##, Forbidden),
            (r##"mv x /boot/initrd.img-6.1.0"##, Forbidden),
            (r##"tee /boot/initrd.img-6.1.0-18-amd64 < x"##, Forbidden),
            (r##"dd if=/dev/zero of=/boot/initrd.img"##, Forbidden),
            (r##"dd if=x of=/boot/vmlinuz conv=notrunc"##, Forbidden),
            (r##"truncate -s 0 /boot/vmlinuz"##, Forbidden),
            (r##"install x /boot/initrd.img"##, Forbidden),
            (r##"rsync x /boot/vmlinuz"##, Forbidden),
            (r##"ln -sf /dev/null /boot/vmlinuz"##, Forbidden),
            (r##"shred -u /boot/vmlinuz"##, Forbidden),
            (r##"shred /boot/initrd.img"##, Forbidden),
            (r##"mv /boot/vmlinuz /tmp/"##, Forbidden),
            (r##"rm /vmlinuz"##, Forbidden),
            (r##"rm /initrd.img"##, Forbidden),
            (r##"rm -f /boot/initrd.img"##, Forbidden),
            (r##": > /vmlinuz"##, Forbidden),
            (r##"cd /boot && rm -f vmlinuz"##, Forbidden),
            (r##"rm /boot/grub/grub.cfg"##, Forbidden),
            (r##"rm -rf /boot/grub/x86_64-efi"##, Forbidden),
            (r##"rm -rf /boot/efi/EFI"##, Forbidden),
            (r##"mv /boot/efi/EFI /tmp/"##, Forbidden),
            (r##"> /boot/efi/EFI/ubuntu/shimx64.efi"##, Forbidden),
            (r##"echo x > /boot/efi/EFI/BOOT/BOOTX64.EFI"##, Forbidden),
            (
                r##"cp /dev/null /boot/efi/EFI/ubuntu/grubx64.efi"##,
                Forbidden,
            ),
            (r##"cp x /boot/efi/EFI/BOOT/BOOTX64.EFI"##, Forbidden),
            (r##"rm /boot/efi/EFI/ubuntu/grubx64.efi"##, Forbidden),
            (r##"rm -rf /boot/loader/entries"##, Forbidden),
            (r##": > /boot/loader/loader.conf"##, Forbidden),
            (
                r##"sed -i 's/a/b/' /boot/loader/entries/arch.conf"##,
                Forbidden,
            ),
            (r##"find / -name vmlinuz -delete"##, Forbidden),
            (r##"find /boot -name '*.efi' -delete"##, Forbidden),
            (r##"python3 -c 'open("/boot/vmlinuz","w")'"##, Forbidden),
            (r##"perl -e 'unlink "/boot/vmlinuz"'"##, Forbidden),
            (r##"rm -rf /sys/firmware/efi/efivars/*"##, Forbidden),
            (r##"rm -rf /sys/firmware/efi/efivars"##, Forbidden),
            (r##"find /lib/modules -name '*.ko' -delete"##, Forbidden),
        ],
    },
    Kind {
        name: "system-programs-written-by-output-options",
        lines: &[
            (r##"gcc -o /usr/bin/sudo x.c"##, Forbidden),
            (r##"gcc x.c -o /bin/bash"##, Forbidden),
            (r##"gcc -o/usr/bin/sudo x.c"##, Forbidden),
            (r##"gcc --output=/usr/bin/sudo x.c"##, Forbidden),
            (r##"cc -o /sbin/init x.c"##, Forbidden),
            (r##"g++ -o /usr/sbin/sshd x.cc"##, Forbidden),
            (r##"clang -o /usr/bin/ls x.c"##, Forbidden),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"clang -o /usr/libexec/x x.c"##, High),
            (
                r##"gcc -shared -o /lib/x86_64-linux-gnu/libc.so.6 x.c"##,
                Forbidden,
            ),
            (
                r##"gcc -o /usr/lib/x86_64-linux-gnu/security/pam_unix.so x.c"##,
                Forbidden,
            ),
            (r##"strip -o /bin/bash x"##, Forbidden),
            (r##"strip --strip-all /usr/bin/sudo"##, Forbidden),
            (r##"strip /usr/lib/x86_64-linux-gnu/libc.so.6"##, Forbidden),
            (r##"objcopy x /bin/ls"##, Forbidden),
            (r##"objcopy -O binary x /usr/bin/ls"##, Forbidden),
            (r##"objcopy --add-section x=y /usr/bin/sudo"##, Forbidden),
            (r##"ld -o /sbin/init x.o"##, Forbidden),
            (r##"ld x.o -o /usr/lib/libz.so.1"##, Forbidden),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"as -o /usr/bin/x x.s"##, High),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"go build -o /usr/bin/x ."##, High),
            (r##"go build -o /usr/sbin/sshd ./cmd"##, Forbidden),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"rustc -o /usr/bin/x x.rs"##, High),
            (r##"rustc --out-dir /usr/bin x.rs"##, Forbidden),
            (r##"javac -d /usr/bin x.java"##, Forbidden),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"pandoc -o /usr/bin/x x.md"##, High),
            (r##"upx /usr/bin/sudo"##, Forbidden),
            (
                r##"patchelf --set-interpreter /tmp/ld.so /bin/ls"##,
                Forbidden,
            ),
            (r##"dos2unix /etc/passwd"##, Forbidden),
            (r##"yq -i . /etc/passwd"##, Forbidden),
            (r##"mkinitramfs -o /boot/initrd.img"##, Forbidden),
            (r##"grub-mkconfig -o /boot/grub/grub.cfg"##, Forbidden),
            (r##"cp x /usr/bin/ls"##, Forbidden),
            (r##"mv x /usr/sbin/useradd"##, Forbidden),
            (r##"tee /usr/bin/ls < x"##, Forbidden),
            (r##"install -m 755 x /usr/bin/ls"##, Forbidden),
            (r##"install -D x /usr/bin/x"##, Forbidden),
            (r##"ln -sf /tmp/x /usr/bin/ls"##, Forbidden),
            (r##"curl -o /bin/ls http://x/y"##, Forbidden),
            (r##"curl -Lo /usr/bin/x http://x"##, Forbidden),
            (r##"wget -qO /usr/sbin/x http://x"##, Forbidden),
            (r##"gzip -c x > /bin/ls"##, Forbidden),
            (r##"base64 -d x > /bin/ls"##, Forbidden),
            (r##"tar -cf /bin/ls x"##, Forbidden),
            (r##"zip /usr/bin/x x"##, Forbidden),
            (r##"rsync -a ./bin/ /usr/bin/"##, Forbidden),
            (r##"wget -P /usr/bin http://x/ls"##, Forbidden),
            (r##"curl --output-dir /usr/bin -O http://x/ls"##, Forbidden),
            (r##"aria2c -d /usr/bin http://x/ls"##, Forbidden),
            (r##"x86_64-linux-gnu-strip /usr/bin/sudo"##, Forbidden),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"zig build-exe x.zig -femit-bin=/usr/bin/x"##, High),
            // Round 53: a new name built into a program directory replaces no program the
            // machine runs: high, not forbidden.
            (r##"nim c -o:/usr/bin/x x.nim"##, High),
            (r##"pyinstaller --distpath /usr/bin x.py"##, Forbidden),
            (r##"gcc -o "$OUT" x.c"##, Forbidden),
            (r##"gcc -o $(which sudo) x.c"##, Forbidden),
            (r##"strip $(which ls)"##, Forbidden),
            (r##"gzip *"##, Forbidden),
            (r##"make DESTDIR=/ install"##, High),
            (r##"cmake --install . --prefix /usr"##, High),
            (r##"ninja install"##, High),
            (r##"go build -o /usr/local/bin/x"##, High),
            (r##"gcc -o /opt/app/bin/x x.c"##, High),
        ],
    },
    Kind {
        name: "files-compressed-away",
        lines: &[
            (r##"gzip /usr/bin/sudo"##, Forbidden),
            (r##"gzip -f /etc/passwd"##, Forbidden),
            (r##"bzip2 /etc/shadow"##, Forbidden),
            (r##"xz /bin/bash"##, Forbidden),
            (r##"zstd --rm /etc/passwd"##, Forbidden),
        ],
    },
    Kind {
        name: "firmware-and-hardware-registers",
        lines: &[
            (r##"setpci -s 00:02.0 COMMAND=0"##, High),
            (r##"setpci -s 00:1f.0 0x40.b=0"##, High),
            (r##"setpci -f cmds.txt"##, High),
            (r##"wrmsr 0x1a0 0"##, High),
            (r##"wrmsr -a 0x1a0 0"##, High),
            (r##"i2cset -y 1 0x50 0x00 0x00"##, High),
            (r##"i2ctransfer -y 1 w1@0x50 0x00"##, High),
            (r##"nvram --set x=y"##, High),
            (r##"nvram -d boot-args"##, High),
            (r##"flint -d mlx5_0 -i fw.bin burn"##, High),
            (r##"isdct start -intelssd 0 -nvmeformat"##, High),
            (r##"efivar -w -n x -f y"##, High),
            (r##"flashrom -p internal -w bios.bin"##, High),
            (r##"fwupdmgr install x.cab"##, High),
            (r##"isaset 0x2e 0x2f 0x07 0x00"##, High),
            (r##"outb 0x80 0"##, High),
            (r##"devmem2 0xfed00000 w 0"##, Forbidden),
            (r##"busybox devmem 0xfed00000 32 0"##, Forbidden),
            (r##"memtool mw 0xfed00000 0"##, Forbidden),
            (
                r##"ethtool -E eth0 magic 0x10ec8168 offset 0 value 0"##,
                High,
            ),
            (r##"hdparm --security-erase NULL /dev/sda"##, Forbidden),
            (r##"nvme format /dev/nvme0n1"##, Forbidden),
            (r##"sg_format --format /dev/sda"##, Forbidden),
        ],
    },
    Kind {
        name: "boot-chain-and-account-repairers",
        lines: &[
            (r##"pwck -s"##, High),
            (r##"pwck"##, High),
            (r##"sudo pwck"##, High),
            (r##"grpck"##, High),
            (r##"grpck -s"##, High),
            (r##"ldconfig"##, High),
            (r##"ldconfig -f /tmp/x.conf"##, High),
            (r##"ldconfig /tmp/evil"##, High),
            (r##"mkinitcpio -P"##, High),
            (r##"mkinitrd"##, High),
            (r##"update-initramfs -u"##, High),
            (r##"dracut -f"##, High),
            (r##"grub-install /dev/sda"##, High),
            (r##"update-grub"##, High),
            (r##"grub-set-default 1"##, High),
            (r##"grub-editenv - set x=y"##, High),
            (r##"grubby --set-default /boot/vmlinuz-6.1"##, High),
            (r##"bootctl install"##, High),
            (r##"bootctl set-default x.conf"##, High),
            (r##"efibootmgr -b 0000 -B"##, High),
            (r##"kernel-install add 6.1 /boot/vmlinuz"##, High),
            (r##"sbctl sign -s /boot/vmlinuz"##, High),
            (r##"shim-install"##, High),
            (r##"zipl"##, High),
            (r##"extlinux --install /boot"##, High),
            (r##"pam-auth-update --force"##, High),
            (r##"authselect select sssd --force"##, High),
            (r##"authconfig --update"##, High),
            (r##"update-ca-certificates --fresh"##, High),
            (r##"systemd-machine-id-setup"##, High),
        ],
    },
];

/// Neighbours that stay high for a human on both paths.
pub const STILL_HIGH: &[&str] = &[
    r##"cd /tmp/build && shred -u *"##,
    r##"cd /tmp/build && truncate -s 0 *"##,
    r##"cd /tmp/build && : > *"##,
    r##"cd /tmp/build && rm -f *"##,
    r##"cd /srv/app && shred -u *"##,
    r##"rm -f *.log"##,
    r##"rm -f *.tmp"##,
    r##"shred -u *.tmp"##,
    r##": > *.log"##,
    r##"truncate -s 0 *.log"##,
    r##"find . -type f -name '*.log' -mtime +30 -delete"##,
    r##"find /var/log -type f -name '*.log' -exec truncate -s 0 {} +"##,
    r##"rm -rf ~/.cache"##,
    r##"rm -rf ~/.cache/*"##,
    r##"rm /boot/vmlinuz-6.1.0-17-amd64 /boot/initrd.img-6.1.0-17-amd64"##,
    r##"rm /boot/System.map-6.1"##,
    r##": > /etc/default/grub"##,
    r##"install -m 755 x /usr/local/bin/tool"##,
    r##"cp build/x /usr/local/bin/x"##,
    r##"go build -o /usr/local/bin/app ./cmd/app"##,
    r##"ln -sf /usr/bin/python3.11 /usr/bin/python3"##,
    r##"ln -s /opt/app/bin/tool /usr/local/bin/tool"##,
    r##"gzip -k /var/log/app.log"##,
    r##"gzip /var/log/app.log.1"##,
    r##"update-grub"##,
    r##"pwck"##,
    r##"setpci -s 00:02.0 COMMAND=0"##,
    r##"wget -P /tmp/dl http://x/file"##,
    r##"cd /tmp/build && gzip *"##,
    r##"gzip -k x.log"##,
];

/// Everyday read-only work that stays low on both paths.
pub const STILL_LOW: &[&str] = &[
    r##"ls -la /etc"##,
    r##"df -h"##,
    r##"journalctl -u nginx -n 50"##,
    r##"ip addr"##,
    r##"ss -tlnp"##,
    r##"find /var/log -name '*.gz' -mtime +7"##,
    r##"du -sh /var/lib/docker"##,
    r##"ls /boot/efi/EFI"##,
    r##"uname -r"##,
    r##"lsblk"##,
    r##"lsmod"##,
    r##"modinfo ext4"##,
    r##"ethtool -i eth0"##,
    r##"update-alternatives --display editor"##,
    r##"find /lib/modules -name 'ext4.ko'"##,
];
