#!/usr/bin/env bash
# Offline checks of the boksup infrastructure: install, typecheck, unit tests, `cdk synth` of both
# database variants, and cfn-lint on the templates when it is installed. Needs no AWS credentials
# and never contacts AWS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

# CDK: no version check, no notices; the AWS SDK: no instance-metadata probe for credentials.
export CDK_DISABLE_VERSION_CHECK=1
export AWS_EC2_METADATA_DISABLED=true

PLACEHOLDER_ACCOUNT=123456789012
# Any release tag will do for synth: the stack refuses to name none while tasks run.
SYNTH_TAG=v0.0.0-synth
EXISTING_SECRET_ARN="arn:aws:secretsmanager:ap-northeast-2:${PLACEHOLDER_ACCOUNT}:secret:boksup/database-url-AbCdEf"

# Run the CDK CLI with every credential source removed, so synth cannot call AWS even on a machine
# that has credentials configured.
offline_cdk() {
  env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
    -u AWS_WEB_IDENTITY_TOKEN_FILE -u AWS_ROLE_ARN \
    -u AWS_CONTAINER_CREDENTIALS_RELATIVE_URI -u AWS_CONTAINER_CREDENTIALS_FULL_URI \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    npx --no-install cdk "$@"
}

# Fails if a synthesized assembly asks for a context lookup or has assets beyond its own template.
assert_self_contained() {
  # shellcheck disable=SC2016 # the ${...} are JavaScript template literals
  node -e '
    const fs = require("node:fs");
    const dir = process.argv[1];
    const manifest = JSON.parse(fs.readFileSync(`${dir}/manifest.json`, "utf8"));
    if (manifest.missing?.length) throw new Error(`${dir}: context lookups needed: ${JSON.stringify(manifest.missing)}`);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".assets.json"))) {
      const assets = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8"));
      if (Object.keys(assets.dockerImages ?? {}).length) throw new Error(`${dir}/${file}: docker image assets`);
      for (const [id, asset] of Object.entries(assets.files ?? {})) {
        if (!asset.source.path.endsWith(".template.json")) throw new Error(`${dir}/${file}: file asset ${id}`);
      }
    }
  ' "$1"
}

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== typecheck"
npm run --silent typecheck

echo "== tests"
npm test --silent

echo "== cdk synth (database=rds)"
rm -rf cdk.out
offline_cdk synth --no-notices --quiet --output cdk.out/rds \
  --context account="$PLACEHOLDER_ACCOUNT" --context imageTag="$SYNTH_TAG" --context database=rds
assert_self_contained cdk.out/rds

echo "== cdk synth (database=existing)"
offline_cdk synth --no-notices --quiet --output cdk.out/existing \
  --context account="$PLACEHOLDER_ACCOUNT" --context imageTag="$SYNTH_TAG" --context database=existing \
  --context databaseUrlSecretArn="$EXISTING_SECRET_ARN"
assert_self_contained cdk.out/existing

if command -v cfn-lint >/dev/null 2>&1; then
  echo "== cfn-lint ($(cfn-lint --version))"
  cfn-lint -- cdk.out/rds/*.template.json cdk.out/existing/*.template.json
else
  echo "== cfn-lint: not installed, skipped"
fi

echo "infra checks passed in $((SECONDS - started))s"
