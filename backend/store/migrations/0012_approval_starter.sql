-- Who set an approval's call in motion when that is not its requester (an administrator who
-- started another user's task): under the four-eyes rule neither may approve it. NULL for every
-- call its requester started themselves, which is every approval stored before this column.
ALTER TABLE approvals ADD COLUMN started_by TEXT;
