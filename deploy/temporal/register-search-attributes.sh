#!/bin/sh
# Registers the search attributes every Charter task upserts (workflows/.../TaskSearchAttributes),
# so the Web UI and `temporal workflow list --query` can filter tasks. Idempotent: an attribute that
# exists is left as it is.
set -eu
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
for pair in CharterRiskTier:Keyword CharterBackend:KeywordList CharterBundleId:Keyword CharterState:Keyword \
            CharterPendingApproval:Bool CharterTenant:Keyword; do
  name="${pair%%:*}"
  type="${pair##*:}"
  if temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" \
       | grep -q "^ *$name "; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" \
      --name "$name" --type "$type"
    echo "search attribute $name created ($type)"
  fi
done
