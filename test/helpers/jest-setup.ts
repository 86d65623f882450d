import nock from 'nock';

// No test may reach a real host; loopback stays open for the local servers of end-to-end tests.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[?::1\]?)(:\d+)?$/);
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.restore();
  nock.enableNetConnect();
});
