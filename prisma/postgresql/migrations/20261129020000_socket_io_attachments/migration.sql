-- Socket.IO's PostgreSQL adapter: messages between instances go by NOTIFY; those over its 8000-byte limit are stored
-- here for the others to read (the adapter deletes old rows itself). Not a Prisma model: the adapter owns it.
CREATE TABLE IF NOT EXISTS "socket_io_attachments" (
    "id" BIGSERIAL UNIQUE,
    "created_at" TIMESTAMPTZ DEFAULT NOW(),
    "payload" BYTEA
);
