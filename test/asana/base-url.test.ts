import { describe, expect, it } from 'vitest';
import { checkBaseUrl, isLoopbackHost } from '../../src/asana/base-url.js';
import { createAsanaClient } from '../../src/asana/client.js';
import { ConfigError } from '../../src/asana/errors.js';

describe('checkBaseUrl', () => {
  it('accepts HTTPS anywhere and strips a trailing slash', () => {
    expect(checkBaseUrl('https://app.asana.com/api/1.0/')).toBe('https://app.asana.com/api/1.0');
  });

  it('accepts plain HTTP to loopback only', () => {
    for (const u of [
      'http://127.0.0.1:8080/api/1.0',
      'http://127.8.9.10/x',
      'http://localhost:1/api',
      'http://[::1]:3000/api',
    ]) {
      expect(() => checkBaseUrl(u)).not.toThrow();
    }
  });

  it('refuses plain HTTP to any other host, naming the host', () => {
    for (const u of [
      'http://app.asana.com/api/1.0',
      'http://10.0.0.1/api',
      'http://128.0.0.1/',
      'http://localhost.evil.example/',
    ]) {
      expect(() => checkBaseUrl(u)).toThrow(ConfigError);
    }
    expect(() => checkBaseUrl('http://app.asana.com/api/1.0')).toThrow(
      /plain HTTP to app\.asana\.com.*https:\/\//,
    );
  });

  it('refuses other schemes, non-URLs, credentials and queries', () => {
    expect(() => checkBaseUrl('ftp://app.asana.com')).toThrow(ConfigError);
    expect(() => checkBaseUrl('app.asana.com/api')).toThrow(/not a URL/);
    expect(() => checkBaseUrl('https://u:p@app.asana.com/api')).toThrow(/user name or password/);
    expect(() => checkBaseUrl('https://app.asana.com/api?x=1')).toThrow(/query/);
  });

  it('recognizes loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});

describe('createAsanaClient', () => {
  it('refuses an HTTP base URL to a remote host before sending anything', () => {
    expect(() => createAsanaClient({ baseUrl: 'http://asana.example.com/api/1.0', token: 't' })).toThrow(
      ConfigError,
    );
  });

  it('refuses an empty token', () => {
    expect(() => createAsanaClient({ baseUrl: 'https://app.asana.com/api/1.0', token: '  ' })).toThrow(
      /token is empty/,
    );
  });
});
