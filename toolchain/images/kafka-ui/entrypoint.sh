#!/bin/bash
# Entry point of the console image: makes the secret files in /etc/kafka-ui-secrets (a Spring config tree, e.g. the
# login password and the JAAS line) 0400 and owned by the console's user, then runs the console as that user.
# Why as root first: Docker writes files copied into a container (the Pulumi provider's `uploads`, `docker cp`)
# root-owned and 0644, and only root can hand them over. Started with --user, it runs the console as that user and
# leaves the files as they are.
set -euo pipefail

console_user=10001
secrets=/etc/kafka-ui-secrets
console=(/usr/bin/node --max-old-space-size=64 /opt/kafka-ui/ui/main.js)

if [[ $(id -u) -ne 0 ]]; then
  exec "${console[@]}"
fi
if [[ -d $secrets ]]; then
  # -h: a symlink in the tree is changed itself, never what it points to.
  chown -R -h "$console_user:$console_user" "$secrets"
  find "$secrets" -type d -exec chmod 0500 {} +
  find "$secrets" -type f -exec chmod 0400 {} +
fi
# No supplementary groups, and no way back to more privileges (no setuid binary can raise them again).
exec setpriv --reuid="$console_user" --regid="$console_user" --clear-groups --no-new-privs "${console[@]}"
