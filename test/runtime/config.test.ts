import { ConfigError, loadConfig, parseConfig, vxmlTimeToMs } from '../../gateway/config';
import { platformDefaults } from '../../gateway/index';

test('defaults', () => {
  const c = parseConfig();
  expect(c.server).toEqual({ port: 3000, host: '0.0.0.0' });
  expect(c.limits.turnTimeoutMs).toBeLessThan(15_000);
  expect(c.platform).toEqual({ timeout: '5s', interdigittimeout: '3s', termchar: '#', language: 'en-US', voice: '' });
  expect(platformDefaults(c)).toMatchObject({ timeout: '5s', termchar: '#', 'xml:lang': 'en-US', fetchtimeout: '5000ms' });
});

test('environment variables, empty ones ignored', () => {
  const c = loadConfig({ PORT: '8080', ALLOWED_ORIGINS: 'https://apps.example.com, http://127.0.0.1:9000', DEFAULT_APP: '', SESSION_TTL_S: '600', DEFAULT_TERMCHAR: '*', LOG_LEVEL: 'debug' });
  expect(c.server.port).toBe(8080);
  expect(c.app.allowedOrigins).toEqual(['https://apps.example.com', 'http://127.0.0.1:9000']);
  expect(c.app.defaultApp).toBeUndefined();
  expect(c.session.ttlS).toBe(600);
  expect(c.platform.termchar).toBe('*');
  expect(c.log.level).toBe('debug');
});

test('errors name the variable, the value and what is expected — all of them at once', () => {
  let error: unknown;
  try {
    loadConfig({ PORT: 'abc', ALLOWED_ORIGINS: 'https://ok.example.com,https://x.example.com/path', TURN_TIMEOUT_MS: '20000', DEFAULT_TIMEOUT: 'soon' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems;
  expect(problems).toHaveLength(4);
  expect(problems[0]).toMatch(/^PORT="abc" \(TCP port of `serve`\): .*number/);
  expect(problems[1]).toMatch(/^ALLOWED_ORIGINS=".*" .*expected an origin such as https:\/\/apps\.example\.com/);
  expect(problems[2]).toMatch(/^TURN_TIMEOUT_MS="20000" .*14000/);
  expect(problems[3]).toMatch(/^DEFAULT_TIMEOUT="soon" .*VoiceXML time/);
});

test('VoiceXML times', () => {
  expect(vxmlTimeToMs('5s')).toBe(5000);
  expect(vxmlTimeToMs('250ms')).toBe(250);
  expect(vxmlTimeToMs('1.5s')).toBe(1500);
  expect(() => vxmlTimeToMs('later')).toThrow(/not a VoiceXML time/);
});
