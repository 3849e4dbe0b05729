export { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime, type TestResponse } from './test-runtime.js';
export { testDatabaseKinds, createTestDatabase, type TestDatabase } from '../db/test-database.js';
export { writeFreshPgliteImage, PGLITE_IMAGE_ENV } from '../db/test-database.js';
export { createPreparedTestDatabase, dropPreparedTestDatabases, TEST_RUN_ENV } from '../db/prepared-test-database.js';
export { readUiBuild, uiSourceStamp, uiDistDir, REPO_ROOT, type UiBuildState } from '../http/ui-build-stamp.reader.js';
export { ensureUiBuild } from '../cli/ui-build.cli.js';
export { countDriverStatements } from './driver-statements.counter.js';
export { tableRowCounts } from './table-row-counts.js';
