#!/usr/bin/env bash
# Real servers from apt that speak STARTTLS, for the TLS tests, each in the foreground of its own session, inside
# network namespace NS (made by the test), listening on ADDR with the certificate chain CHAIN (leaf first) and KEY:
#   exim4 (SMTP) 25, dovecot IMAP 143 and POP3 110, vsftpd (FTP, AUTH TLS) 21.
#   tests/starttls.sh start DIR NS ADDR CHAIN KEY [PID]   # prints "ok" once every port accepts; stopped when PID exits
#   tests/starttls.sh stop DIR                           # stops them and removes DIR
set -euo pipefail

for tool in exim4 dovecot vsftpd; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install -y exim4-daemon-light dovecot-imapd dovecot-pop3d vsftpd" >&2; exit 3; }
done

bg() { local name=$1; shift; setsid ip netns exec "$ns" "$@" >"$dir/$name.log" 2>&1 </dev/null & echo $! >"$dir/$name.pid"; }

case "${1:-}" in
  start)
    dir=$2 ns=$3 addr=$4
    mkdir -p "$dir/dovecot/run" "$dir/dovecot/state" "$dir/ftp-empty" "$dir/exim/spool" "$dir/exim/log"
    cp "$5" "$dir/chain.pem"
    cp "$6" "$dir/key.pem"
    # exim reads the key after it has dropped to its own user; the other two read it as root.
    chown -R Debian-exim: "$dir/exim" "$dir/key.pem"
    chmod 600 "$dir/key.pem"

    cat >"$dir/exim/exim.conf" <<EOF
primary_hostname = mail.test
daemon_smtp_ports = 25
local_interfaces = $addr
tls_advertise_hosts = *
tls_certificate = $dir/chain.pem
tls_privatekey = $dir/key.pem
log_file_path = $dir/exim/log/%s.log
spool_directory = $dir/exim/spool
exim_user = Debian-exim
exim_group = Debian-exim
keep_environment =
begin acl
begin routers
begin transports
EOF
    bg exim exim4 -C "$dir/exim/exim.conf" -bdf

    # dovecot: no mailboxes, only the greeting, CAPABILITY and STARTTLS/STLS are used.
    cat >"$dir/dovecot/dovecot.conf" <<EOF
protocols = imap pop3
listen = $addr
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
log_path = $dir/dovecot/dovecot.log
ssl = yes
ssl_cert = <$dir/chain.pem
ssl_key = <$dir/key.pem
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/dovecot/home
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
    bg dovecot dovecot -F -c "$dir/dovecot/dovecot.conf"

    # vsftpd: its default cipher list (DES-CBC3-SHA) is one OpenSSL 3 refuses, hence ssl_ciphers.
    cat >"$dir/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$addr
listen_port=21
background=NO
anonymous_enable=YES
anon_root=$dir/ftp-empty
local_enable=NO
ssl_enable=YES
allow_anon_ssl=YES
ssl_ciphers=HIGH
rsa_cert_file=$dir/chain.pem
rsa_private_key_file=$dir/key.pem
secure_chroot_dir=$dir/ftp-empty
xferlog_enable=NO
EOF
    bg vsftpd vsftpd "$dir/vsftpd.conf"

    if [ -n "${7:-}" ]; then
      setsid "$(dirname "$0")/outlive-guard.sh" "$7" -- bash "$0" stop "$dir" </dev/null >/dev/null 2>&1 &
    fi
    for _ in $(seq 1 100); do
      up=0
      for port in 25 143 110 21; do
        ip netns exec "$ns" bash -c "exec 3<>/dev/tcp/$addr/$port" 2>/dev/null && up=$((up+1))
      done
      if [ "$up" -eq 4 ]; then echo ok; exit 0; fi
      sleep 0.1
    done
    tail -n 5 "$dir"/*.log "$dir"/dovecot/dovecot.log "$dir"/exim/log/* >&2 2>/dev/null || true
    exit 1
    ;;
  stop)
    dir=$2
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      # Each server runs as the leader of its own session: stop the whole group (ip netns exec and the server's children).
      kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    done
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR NS ADDR CHAIN KEY [PID] | stop DIR" >&2
    exit 2
    ;;
esac
