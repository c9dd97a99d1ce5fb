#!/bin/bash
# Health probe of the Connect image: exits 0 once the worker's REST API answers GET / with 200 within 4 s. Bash's
# /dev/tcp and builtins only, no JVM or curl per probe. The entry point wrote the listener to ask to rest-endpoint.
# When the API requires basic authentication the entry point wrote the credentials file's path after the listener:
# the probe logs in as its first user (`user=password` or `user: password`, a Java properties line). The password goes
# from the file to base64's stdin by builtins, so it is on no command line.
# Use: HEALTHCHECK CMD ["/opt/kafka/docker/healthcheck.sh"]  (or: docker exec <container> /opt/kafka/docker/healthcheck.sh)
if ! read -r host port credentials 2>/dev/null </etc/kafka/rest-endpoint; then
  echo "the entry point has not configured the worker yet" >&2
  exit 1
fi
authorization=""
if [[ -n $credentials ]]; then
  login=""
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in "" | "#"* | "!"*) continue ;; esac
    login=$line
    break
  done <"$credentials"
  if [[ ! $login =~ ^[[:space:]]*([^=:[:space:]]+)[[:space:]]*[=:][[:space:]]*(.*)$ ]]; then
    echo "$credentials holds no user=password line to log in to the Connect REST API with" >&2
    exit 1
  fi
  authorization="Authorization: Basic $(printf '%s:%s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" | base64 -w 0)"$'\r\n'
fi
if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
  echo "the Connect REST API is not listening on $host:$port" >&2
  exit 1
fi
printf 'GET / HTTP/1.0\r\nHost: %s:%s\r\n%s\r\n' "$host" "$port" "$authorization" >&3
status_line=""
read -r -t 4 status_line <&3 || true
exec 3<&-
case $status_line in
  "HTTP/1."?" 200 "*) exit 0 ;;
esac
echo "the Connect REST API on $host:$port answered ${status_line%$'\r'}" >&2
exit 1
