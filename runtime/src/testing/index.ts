export { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime, type TestResponse } from './test-runtime.js';
export { testDatabaseKinds, createTestDatabase, type TestDatabase } from '../db/test-database.js';
