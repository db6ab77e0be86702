-- Values of extensions' settings, per user (owner_id = user id) or per workspace (owner_id =
-- workspace id). Defaults live in the extensions' manifests, never here.
CREATE TABLE settings (
    scope        VARCHAR(16)   NOT NULL,
    owner_id     VARCHAR(64)   NOT NULL,
    setting_key  VARCHAR(200)  NOT NULL,
    value_json   CLOB          NOT NULL,
    PRIMARY KEY (scope, owner_id, setting_key)
);
