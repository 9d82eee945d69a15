-- API tokens (trust range V20-V29): machines and the CLI authenticate to the REST API with a bearer
-- token `ct_<random>`. Only its SHA-256 is stored, so a copy of this table authenticates nobody.
-- Each token is bound to one principal (a human id of the directory, or a service) and a tenant,
-- and ends at its expiry or its revocation, whichever comes first. Rows are never deleted: a
-- revoked token keeps its row so the access chain's refusals can be traced to it by hash.
CREATE TABLE api_token (
    token_hash     CHAR(64)                 NOT NULL,
    principal      VARCHAR(200)             NOT NULL,
    principal_kind VARCHAR(20)              NOT NULL,
    tenant         VARCHAR(100)             NOT NULL,
    label          VARCHAR(200)             NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_api_token PRIMARY KEY (token_hash),
    CONSTRAINT ck_api_token_kind CHECK (principal_kind IN ('human', 'service'))
);
CREATE INDEX ix_api_token_principal ON api_token (principal);
