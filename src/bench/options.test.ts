import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchOptions, parseUrls, redactUrl } from './options.js';

const PG = 'postgres://postgres@127.0.0.1:5432/bench';

describe('bench options: servers', () => {
  it('takes a comma-separated --url list, each local, none twice', () => {
    expect(parseBenchOptions({ url: 'http://127.0.0.1:9001, http://127.0.0.1:9002' }, ['chat']).urls).toEqual(['http://127.0.0.1:9001', 'http://127.0.0.1:9002']);
    expect(parseUrls('http://127.0.0.1:9001/')).toEqual(['http://127.0.0.1:9001']);
    expect(() => parseUrls('http://127.0.0.1:9001,http://10.0.0.5:9002')).toThrow(/127\.0\.0\.1/);
    expect(() => parseUrls('http://127.0.0.1:9001,http://127.0.0.1:9001/')).toThrow(/twice/);
    expect(() => parseUrls(' , ')).toThrow(BenchUsageError);
    expect(() => parseUrls('ws://127.0.0.1:9001')).toThrow(/http:/);
  });

  it('defaults to one local server, and one spawned node on SQLite', () => {
    expect(parseBenchOptions({}, ['chat'])).toMatchObject({ urls: ['http://127.0.0.1:8080'], nodes: 1, db: undefined, clusterUrl: undefined, serverPids: [] });
    expect(parseBenchOptions({ spawn: true }, ['chat'])).toMatchObject({ urls: undefined, nodes: 1, db: undefined, clusterUrl: undefined });
  });

  it('wants one --server-pid per --url, and none with --spawn', () => {
    expect(parseBenchOptions({ url: 'http://127.0.0.1:1,http://127.0.0.1:2', 'server-pid': '10,20' }, ['chat']).serverPids).toEqual([10, 20]);
    expect(() => parseBenchOptions({ url: 'http://127.0.0.1:1,http://127.0.0.1:2', 'server-pid': '10' }, ['chat'])).toThrow(/one pid per --url/);
    expect(() => parseBenchOptions({ 'server-pid': '10,x' }, ['chat'])).toThrow(/--server-pid expects an integer/);
    expect(() => parseBenchOptions({ spawn: true, 'server-pid': '10' }, ['chat'])).toThrow(/--server-pid goes with --url/);
  });

  it('compares against one node only', () => {
    expect(() => parseBenchOptions({ url: 'http://127.0.0.1:1,http://127.0.0.1:2' }, ['compare', 'chat'])).toThrow(/one node/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '3', db: PG }, ['compare', 'chat'])).toThrow(/one node/);
  });

  it('compares chat by a --max search and group by one step of --groups × --members', () => {
    expect(parseBenchOptions({ spawn: true }, ['compare', 'chat'])).toMatchObject({ workload: 'compare', compared: 'chat', isMax: true });
    expect(parseBenchOptions({ spawn: true, groups: '2', members: '300' }, ['compare', 'group'])).toMatchObject({ workload: 'compare', compared: 'group', isMax: false, users: 600 });
    expect(() => parseBenchOptions({ spawn: true, max: true }, ['compare', 'group'])).toThrow(/--max goes with chat/);
    expect(() => parseBenchOptions({ spawn: true, users: '10' }, ['compare', 'group'])).toThrow(/not --users/);
    expect(() => parseBenchOptions({ spawn: true }, ['compare', 'connect'])).toThrow(/chat or group/);
  });
});

describe('bench options: spawned cluster', () => {
  it('spawns n nodes on a shared database, meeting on the local NATS by default', () => {
    expect(parseBenchOptions({ spawn: true, nodes: '3', db: PG }, ['chat'])).toMatchObject({ nodes: 3, db: PG, clusterUrl: 'nats://127.0.0.1:4222' });
    expect(parseBenchOptions({ spawn: true, nodes: '2', db: 'mysql://root@127.0.0.1:3306/b', cluster: 'nats://127.0.0.1:4333' }, ['group'])).toMatchObject({ nodes: 2, clusterUrl: 'nats://127.0.0.1:4333' });
    expect(parseBenchOptions({ spawn: true, db: PG }, ['chat'])).toMatchObject({ nodes: 1, db: PG, clusterUrl: undefined });
  });

  it('refuses what cannot work or would leave the machine', () => {
    expect(() => parseBenchOptions({ spawn: true, nodes: '3' }, ['chat'])).toThrow(/needs --db/);
    expect(() => parseBenchOptions({ nodes: '3', db: PG }, ['chat'])).toThrow(/--nodes goes with --spawn/);
    expect(() => parseBenchOptions({ db: PG }, ['chat'])).toThrow(/--db goes with --spawn/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '0', db: PG }, ['chat'])).toThrow(/--nodes expects an integer from 1/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '99', db: PG }, ['chat'])).toThrow(/--nodes expects/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '2', db: 'sqlite:/tmp/x.db' }, ['chat'])).toThrow(/--db must be postgres:/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '2', db: 'postgres://u@db.example.com/x' }, ['chat'])).toThrow(/127\.0\.0\.1/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '2', db: PG, cluster: 'nats://10.1.1.1:4222' }, ['chat'])).toThrow(/--cluster must point at 127\.0\.0\.1/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '2', db: PG, cluster: 'http://127.0.0.1:4222' }, ['chat'])).toThrow(/--cluster must be nats:/);
    expect(() => parseBenchOptions({ spawn: true, db: PG, cluster: 'nats://127.0.0.1:4222' }, ['chat'])).toThrow(/--cluster goes with --nodes above 1/);
    expect(() => parseBenchOptions({ spawn: true, db: PG, data: '/tmp/d' }, ['chat'])).toThrow(/--data goes without --db/);
  });

  it('masks a database password for logs and reports', () => {
    expect(redactUrl('postgres://bench:s3cret@127.0.0.1:5432/x')).toBe('postgres://bench:***@127.0.0.1:5432/x');
    expect(redactUrl(PG)).toBe(PG);
  });
});

describe('bench options: 100,000 connections and a node kill', () => {
  it('puts at most 15,000 connections in one worker process (the open-file limit)', () => {
    expect(parseBenchOptions({ spawn: true, nodes: '6', db: PG, users: '100000' }, ['connect']).workers).toBe(7);
    expect(() => parseBenchOptions({ spawn: true, nodes: '6', db: PG, users: '100000', workers: '2' }, ['connect'])).toThrow(/at least 7/);
  });

  it('spreads connections over one source address per 4,000 (a fuller address makes every bind slow), at least 4', () => {
    expect(parseBenchOptions({ users: '1000' }, ['connect']).sources).toBe(4);
    expect(parseBenchOptions({ spawn: true, nodes: '7', db: PG, users: '100000' }, ['connect']).sources).toBe(25);
    expect(parseBenchOptions({ users: '100000', sources: '7' }, ['connect']).sources).toBe(7);
  });

  it('takes --kill-one only with connect on spawned nodes, two or more, and an even number of users', () => {
    expect(parseBenchOptions({ spawn: true, nodes: '6', db: PG, users: '100000', 'kill-one': true }, ['connect']).isKillOne).toBe(true);
    expect(() => parseBenchOptions({ spawn: true, 'kill-one': true }, ['connect'])).toThrow(/--nodes 2 or more/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '3', db: PG, 'kill-one': true }, ['chat'])).toThrow(/goes with connect/);
    expect(() => parseBenchOptions({ spawn: true, nodes: '3', db: PG, users: '3001', 'kill-one': true }, ['connect'])).toThrow(/even/);
  });
});
