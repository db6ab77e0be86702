-- Users, credentials and workspaces of one Stratus installation.
CREATE TABLE users (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(128) NOT NULL UNIQUE,
    role        VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);

-- API tokens: only the SHA-256 of the token is stored.
CREATE TABLE api_tokens (
    id           VARCHAR(64)  PRIMARY KEY,
    user_id      VARCHAR(64)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         VARCHAR(128) NOT NULL,
    token_hash   CHAR(64)     NOT NULL UNIQUE,
    created_at   TIMESTAMP    NOT NULL,
    last_used_at TIMESTAMP
);

-- One-time login links: exchanged once for a session, then deleted.
CREATE TABLE login_tokens (
    token_hash  CHAR(64)     PRIMARY KEY,
    user_id     VARCHAR(64)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at  TIMESTAMP    NOT NULL
);

-- Browser sessions: the cookie carries a random id, the table only its SHA-256.
CREATE TABLE sessions (
    id_hash     CHAR(64)     PRIMARY KEY,
    user_id     VARCHAR(64)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TIMESTAMP    NOT NULL,
    expires_at  TIMESTAMP    NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE workspaces (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    root        VARCHAR(4096) NOT NULL UNIQUE,
    owner_id    VARCHAR(64)   REFERENCES users(id) ON DELETE SET NULL,
    created_at  TIMESTAMP     NOT NULL
);
