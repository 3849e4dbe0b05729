export { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime, type TestResponse } from './test-runtime.js';
export { testDatabaseKinds, createTestDatabase, type TestDatabase } from '../db/test-database.js';
export { writeFreshPgliteImage, PGLITE_IMAGE_ENV } from '../db/test-database.js';
