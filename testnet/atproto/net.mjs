// The real AT Protocol test network (PLC + PDS + AppView) for quitx, on 127.0.0.1 only.
//
//   node net.mjs --seed seed.json --state state.json [--db postgresql://...]
//
// PostgreSQL: --db, else $DB_POSTGRES_URL. $REDIS_HOST must be set (to anything: never used).
// Optional fixed ports: $ATP_PLC_PORT, $ATP_PDS_PORT, $ATP_APPVIEW_PORT (default: free ports).
// Optional $ATP_NET_PARENT_PID: shut down when that process is gone (killed without cleaning up);
// then also stop the PostgreSQL postmaster $ATP_NET_PG_PID and delete $ATP_NET_PG_DIR if given.
//
// Before anything from @atproto is loaded, this process is sealed off from the outside world:
// every server listens on 127.0.0.1, every DNS lookup or connection to a non-loopback address
// fails loudly (logged on stderr as "BLOCKED"), and handle resolution (DNS TXT _atproto.<handle>
// and https://<handle>/.well-known/atproto-did) answers from an in-memory map of the seeded domain
// handles. Handles under the PDS's own domains (.test) are resolved against the PDS itself.
//
// Seed: {"accounts": [{"handle": "alice.test", "displayName": "...", "description": "...",
//          "posts": ["..."], "domainHandle": null | "univ-exemple.fr", "createdAt"?: ISO}],
//        "follows": [["bob.test", "alice.test"], ...]}
// State (written atomically once the AppView has indexed everything, then "READY" on stdout):
//   {"plc_url", "pds_url", "appview_url", "accounts": {"<final handle>": {did, handle, password}}, "pid"}

import dns from 'node:dns'
import dnsPromises from 'node:dns/promises'
import fs from 'node:fs/promises'
import http from 'node:http'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import path from 'node:path'

const LOOPBACK = '127.0.0.1'
const PASSWORD = 'password'
const SERVICE_HANDLE_DOMAINS = ['.test']
const INDEX_TIMEOUT_MS = 60_000

const log = (msg) => process.stderr.write(`[net.mjs] ${msg}\n`)

// ---------------------------------------------------------------- arguments

const parseArgs = (argv) => {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`)
    const eq = a.indexOf('=')
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1)
    else out[a.slice(2)] = argv[++i]
  }
  return out
}

const args = parseArgs(process.argv.slice(2))
const seedPath = args.seed
const statePath = args.state
const dbUrl = args.db || process.env.DB_POSTGRES_URL
const selfTest = 'selftest' in args // `node net.mjs --selftest`: check the seal, start nothing
if (selfTest) {
  // fall through to the patches below
} else if (!seedPath || !statePath) {
  log('usage: node net.mjs --seed seed.json --state state.json [--db postgresql://...]')
  process.exit(2)
}
if (!dbUrl && !selfTest) {
  log('no PostgreSQL URL: pass --db or set DB_POSTGRES_URL')
  process.exit(2)
}
process.env.DB_POSTGRES_URL = dbUrl
process.env.REDIS_HOST ||= LOOPBACK // required by TestNetwork, never used

// ---------------------------------------------------------------- sealing off the network

const isLoopbackIp = (host) => {
  if (typeof host !== 'string') return false
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (net.isIPv4(h)) return h.startsWith('127.')
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h)
  return false
}
const isLocalName = (host) => {
  const h = String(host).toLowerCase().replace(/\.$/, '')
  return h === 'localhost' || h.endsWith('.localhost')
}

const blockedCount = { n: 0 }
const blocked = (what) => {
  blockedCount.n++
  log(`BLOCKED ${what} (this test network never reaches outside 127.0.0.1)`)
}
const dnsError = (syscall, hostname, code = 'ENOTFOUND') =>
  Object.assign(new Error(`${syscall} ${code} ${hostname}`), { code, errno: undefined, syscall, hostname })

// 1. every server listens on 127.0.0.1 (http, express, ws, http2 all end in net.Server#listen)
const origListen = net.Server.prototype.listen
const isPortLike = (v) => typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))
net.Server.prototype.listen = function (...a) {
  const a0 = a[0]
  if (a.length === 0 || typeof a0 === 'function') {
    a = [0, LOOPBACK, ...a]
  } else if (isPortLike(a0) || a0 == null) {
    if (typeof a[1] === 'string') {
      if (!isLoopbackIp(a[1])) a[1] = LOOPBACK
    } else if (a.length > 1 && a[1] == null) {
      a[1] = LOOPBACK
    } else {
      a.splice(1, 0, LOOPBACK)
    }
    if (a0 == null) a[0] = 0
  } else if (a0 && typeof a0 === 'object' && a0.path == null && a0.fd == null && !a0._handle && !a0.handle) {
    if (!isLoopbackIp(a0.host)) a[0] = { ...a0, host: LOOPBACK }
  }
  return origListen.apply(this, a)
}

// 2. name lookups: only localhost (-> 127.0.0.1) and loopback literals
const origLookup = dns.lookup
const fakeLookup = (hostname, options, callback) => {
  if (typeof options === 'function') {
    callback = options
    options = {}
  }
  if (typeof options === 'number') options = { family: options }
  options ??= {}
  let address
  if (isLocalName(hostname)) address = options.family === 6 ? '::1' : LOOPBACK
  else if (isLoopbackIp(hostname)) address = hostname.replace(/^\[|\]$/g, '')
  if (!address) {
    blocked(`DNS lookup of ${hostname}`)
    process.nextTick(callback, dnsError('getaddrinfo', hostname))
    return {}
  }
  const family = net.isIPv6(address) ? 6 : 4
  if (options.all) process.nextTick(callback, null, [{ address, family }])
  else process.nextTick(callback, null, address, family)
  return {}
}
dns.lookup = fakeLookup
const promiseLookup = (hostname, options) =>
  new Promise((resolve, reject) =>
    fakeLookup(hostname, options, (err, address, family) => {
      if (err) reject(err)
      else if (Array.isArray(address)) resolve(address)
      else resolve({ address, family })
    }),
  )
dnsPromises.lookup = promiseLookup
if (dns.promises && dns.promises !== dnsPromises) dns.promises.lookup = promiseLookup
void origLookup

// 3. DNS queries: TXT _atproto.<seeded handle> from the map, everything else refused
const handleMap = new Map() // domain handle -> did
const txtAnswer = (name) => {
  const n = String(name).toLowerCase().replace(/\.$/, '')
  if (!n.startsWith('_atproto.')) {
    blocked(`DNS TXT query for ${name}`)
    return undefined
  }
  const did = handleMap.get(n.slice('_atproto.'.length))
  if (!did) {
    log(`DNS TXT ${n}: not a seeded domain handle, answering NXDOMAIN`)
    return undefined
  }
  return [[`did=${did}`]]
}
const cbTxt = function (name, callback) {
  const ans = txtAnswer(name)
  if (ans) process.nextTick(callback, null, ans)
  else process.nextTick(callback, dnsError('queryTxt', name))
  return {}
}
const promiseTxt = async function (name) {
  const ans = txtAnswer(name)
  if (!ans) throw dnsError('queryTxt', name)
  return ans
}
const refuseCb = (fn) =>
  function (name, ...rest) {
    blocked(`DNS ${fn}(${name})`)
    const callback = rest.reverse().find((x) => typeof x === 'function')
    if (callback) process.nextTick(callback, dnsError(fn, name, 'ECONNREFUSED'))
    return {}
  }
const refusePromise = (fn) =>
  async function (name) {
    blocked(`DNS ${fn}(${name})`)
    throw dnsError(fn, name, 'ECONNREFUSED')
  }
const patchQueries = (target, isPromise) => {
  for (const key of Object.getOwnPropertyNames(target)) {
    if (!/^(resolve|reverse|lookupService)/.test(key) || typeof target[key] !== 'function') continue
    if (key === 'resolveTxt') target[key] = isPromise ? promiseTxt : cbTxt
    else target[key] = isPromise ? refusePromise(key) : refuseCb(key)
  }
}
patchQueries(dns, false)
patchQueries(dns.Resolver.prototype, false)
patchQueries(dnsPromises, true)
patchQueries(dnsPromises.Resolver.prototype, true)
syncBuiltinESMExports()

// 4. connections: only to loopback (IP literals skip dns.lookup; a custom lookup could too)
const origConnect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...a) {
  let opts = a[0]
  if (Array.isArray(opts)) opts = opts[0] // node's internal normalized form
  let host
  if (opts && typeof opts === 'object') {
    if (opts.path == null) host = opts.host ?? 'localhost'
  } else if (isPortLike(opts)) {
    host = typeof a[1] === 'string' ? a[1] : 'localhost'
  }
  if (host !== undefined) {
    if (net.isIP(host.replace(/^\[|\]$/g, '')) && !isLoopbackIp(host)) {
      blocked(`connection to ${host}`)
      process.nextTick(() => this.destroy(dnsError('connect', host, 'ECONNREFUSED')))
      return this
    }
    this.once('lookup', (err, address) => {
      if (!err && address && !isLoopbackIp(address)) {
        blocked(`connection to ${host} (${address})`)
        this.destroy(dnsError('connect', host, 'ECONNREFUSED'))
      }
    })
  }
  return origConnect.apply(this, a)
}

if (selfTest) {
  handleMap.set('univ-exemple.fr', 'did:plc:selftest')
  const attempt = async (what, fn) => {
    try {
      const r = await fn()
      process.stdout.write(`${what}: ANSWERED ${JSON.stringify(r)}\n`)
    } catch (err) {
      process.stdout.write(`${what}: FAILED ${err?.cause?.code ?? err?.code ?? err?.message}\n`)
    }
  }
  await attempt('fetch https://example.com', () => fetch('https://example.com').then((r) => r.status))
  await attempt('fetch http://93.184.215.14', () => fetch('http://93.184.215.14/').then((r) => r.status))
  await attempt('dns.promises.lookup bsky.social', () => dnsPromises.lookup('bsky.social'))
  await attempt('dns.promises.resolve4 bsky.social', () => dnsPromises.resolve4('bsky.social'))
  await attempt('new Resolver().resolveTxt _atproto.bsky.app', () => new dnsPromises.Resolver().resolveTxt('_atproto.bsky.app'))
  await attempt('resolveTxt _atproto.univ-exemple.fr', () => dnsPromises.resolveTxt('_atproto.univ-exemple.fr'))
  await attempt('lookup localhost', () => dnsPromises.lookup('localhost'))
  await attempt('listen() address', () =>
    new Promise((resolve) => {
      const s = net.createServer().listen(0, () => {
        const a = s.address()
        s.close(() => resolve(a))
      })
    }),
  )
  process.exit(0)
}

// ---------------------------------------------------------------- now load atproto

const { TestNetwork } = await import('@atproto/dev-env')
const { HandleResolver } = await import('@atproto/identity')

let pdsPort // set once known; .test handles resolve against the PDS's well-known endpoint

const fetchWellKnownDid = (handle) =>
  new Promise((resolve) => {
    if (!pdsPort) return resolve(undefined)
    const req = http.get(
      { host: LOOPBACK, port: pdsPort, path: '/.well-known/atproto-did', headers: { host: handle } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (body += c))
        res.on('end', () => {
          const did = body.split('\n')[0].trim()
          resolve(res.statusCode === 200 && did.startsWith('did:') ? did : undefined)
        })
      },
    )
    req.on('error', () => resolve(undefined))
    req.setTimeout(3000, () => req.destroy())
  })

const isServiceHandle = (handle) => SERVICE_HANDLE_DOMAINS.some((d) => handle.endsWith(d))
const mappedDid = (handle) => handleMap.get(String(handle).toLowerCase())

HandleResolver.prototype.resolveDns = async function (handle) {
  return mappedDid(handle)
}
HandleResolver.prototype.resolveHttp = async function (handle) {
  const did = mappedDid(handle)
  if (did) return did
  if (isServiceHandle(handle)) return fetchWellKnownDid(handle)
  log(`HTTPS well-known of ${handle}: not a seeded handle, answering 404`)
  return undefined
}
HandleResolver.prototype.resolveDnsBackup = async function () {
  return undefined
}

// ---------------------------------------------------------------- helpers

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    origListen.call(srv, 0, LOOPBACK, () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
const envPort = async (name) => {
  const v = process.env[name]
  if (v) {
    const n = Number.parseInt(v, 10)
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${v} is not a port`)
    return n
  }
  return freePort()
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const writeAtomic = async (file, data) => {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  await fs.writeFile(tmp, data)
  await fs.rename(tmp, file)
}

const loadSeed = async () => {
  const seed = JSON.parse(await fs.readFile(seedPath, 'utf8'))
  const accounts = seed.accounts ?? []
  const follows = seed.follows ?? []
  if (!Array.isArray(accounts) || !Array.isArray(follows)) throw new Error('seed: accounts and follows must be lists')
  const seen = new Set()
  for (const acc of accounts) {
    if (typeof acc.handle !== 'string') throw new Error(`seed: account without handle: ${JSON.stringify(acc)}`)
    acc.handle = acc.handle.toLowerCase()
    if (!isServiceHandle(acc.handle)) {
      // a domain handle given as the handle: create under .test, then switch to it
      if (acc.domainHandle) throw new Error(`seed: ${acc.handle} is not under ${SERVICE_HANDLE_DOMAINS}`)
      acc.domainHandle = acc.handle
      acc.handle = `${acc.handle.split('.')[0].replace(/[^a-z0-9-]/g, '').slice(0, 18).padEnd(3, '0')}.test`
    }
    if (acc.domainHandle) acc.domainHandle = acc.domainHandle.toLowerCase()
    for (const h of [acc.handle, acc.domainHandle]) {
      if (!h) continue
      if (seen.has(h)) throw new Error(`seed: handle ${h} appears twice`)
      seen.add(h)
    }
  }
  return { accounts, follows }
}

// ---------------------------------------------------------------- main

let network
let shuttingDown = false
const orphanCleanup = async () => {
  const pgPid = Number.parseInt(process.env.ATP_NET_PG_PID ?? '', 10)
  if (Number.isInteger(pgPid) && pgPid > 1) {
    try {
      process.kill(pgPid, 'SIGQUIT') // postgres: immediate shutdown
      for (let i = 0; i < 50; i++) {
        process.kill(pgPid, 0)
        await sleep(100)
      }
    } catch {
      // gone
    }
  }
  const pgDir = process.env.ATP_NET_PG_DIR
  if (pgDir) await fs.rm(pgDir, { recursive: true, force: true }).catch(() => {})
}
const shutdown = async (why, code = 0, after = undefined) => {
  if (shuttingDown) return
  shuttingDown = true
  log(`shutting down (${why})`)
  const force = setTimeout(() => {
    log('close() took more than 20 s, exiting anyway')
    process.exit(code || 1)
  }, 20_000)
  force.unref()
  try {
    if (network) await network.close()
  } catch (err) {
    log(`error while closing: ${err?.stack ?? err}`)
  }
  if (after) await after()
  process.exit(code)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${err?.stack ?? err}`))

const parentPid = Number.parseInt(process.env.ATP_NET_PARENT_PID ?? '', 10)
if (Number.isInteger(parentPid) && parentPid > 1) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0)
    } catch {
      void shutdown(`parent ${parentPid} is gone`, 0, orphanCleanup)
    }
  }, 1000).unref()
}

const main = async () => {
  const t0 = Date.now()
  const seed = await loadSeed()
  const [plcPort, pdsPortChosen, bskyPort, ozonePort] = [
    await envPort('ATP_PLC_PORT'),
    await envPort('ATP_PDS_PORT'),
    await envPort('ATP_APPVIEW_PORT'),
    await freePort(),
  ]
  pdsPort = pdsPortChosen
  // Domain handles are known before the network starts: resolution is ready as soon as the
  // AppView sees the identity events. The DIDs are filled in once the accounts exist.

  network = await TestNetwork.create({
    dbPostgresSchema: 'quitx',
    plc: { port: plcPort },
    pds: { port: pdsPort, serviceHandleDomains: SERVICE_HANDLE_DOMAINS },
    bsky: { port: bskyPort },
    ozone: { port: ozonePort },
  })
  const pds = network.pds
  const bsky = network.bsky
  if (pds.port !== pdsPort || bsky.port !== bskyPort || network.plc.port !== plcPort) {
    throw new Error(`ports differ: asked ${plcPort}/${pdsPort}/${bskyPort}, got ${network.plc.port}/${pds.port}/${bsky.port}`)
  }
  const tStarted = Date.now()
  log(`network up in ${tStarted - t0} ms: plc :${plcPort}, pds :${pdsPort}, appview :${bskyPort}`)

  // accounts, profiles, posts
  const byName = new Map() // seed handle or domain handle -> {acc, did, agent}
  for (const acc of seed.accounts) {
    const agent = pds.getAgent()
    const local = acc.handle.split('.')[0]
    const res = await agent.createAccount({
      handle: acc.handle,
      email: `${local}@quitx.example.com`,
      password: PASSWORD,
    })
    const did = res.data.did
    const createdAt = acc.createdAt ?? new Date().toISOString()
    await agent.com.atproto.repo.putRecord({
      repo: did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: {
        $type: 'app.bsky.actor.profile',
        ...(acc.displayName != null ? { displayName: acc.displayName } : {}),
        ...(acc.description != null ? { description: acc.description } : {}),
        createdAt,
      },
    })
    for (const text of acc.posts ?? []) {
      await agent.com.atproto.repo.createRecord({
        repo: did,
        collection: 'app.bsky.feed.post',
        record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() },
      })
    }
    const entry = { acc, did, agent, follows: 0 }
    byName.set(acc.handle, entry)
    if (acc.domainHandle) byName.set(acc.domainHandle, entry)
  }

  for (const pair of seed.follows) {
    const [from, to] = pair.map((h) => String(h).toLowerCase())
    const a = byName.get(from)
    const b = byName.get(to)
    if (!a || !b) throw new Error(`seed: follow ${from} -> ${to}: unknown account`)
    await a.agent.com.atproto.repo.createRecord({
      repo: a.did,
      collection: 'app.bsky.graph.follow',
      record: { $type: 'app.bsky.graph.follow', subject: b.did, createdAt: new Date().toISOString() },
    })
    a.follows++
  }

  // domain handles: resolvable from the map, then switched (the PDS verifies the resolution)
  const entries = [...new Set(byName.values())]
  for (const e of entries) {
    if (!e.acc.domainHandle) continue
    handleMap.set(e.acc.domainHandle, e.did)
    await e.agent.com.atproto.identity.updateHandle({ handle: e.acc.domainHandle })
  }

  // wait until the AppView shows every account as seeded
  await network.processAll()
  const appview = bsky.getAgent()
  const deadline = Date.now() + INDEX_TIMEOUT_MS
  for (const e of entries) {
    const want = {
      handle: e.acc.domainHandle ?? e.acc.handle,
      displayName: e.acc.displayName ?? undefined,
      postsCount: (e.acc.posts ?? []).length,
      followsCount: e.follows,
    }
    for (;;) {
      let got
      try {
        got = (await appview.app.bsky.actor.getProfile({ actor: e.did })).data
      } catch (err) {
        got = { error: String(err?.message ?? err) }
      }
      const ok =
        got.handle === want.handle &&
        (want.displayName === undefined || got.displayName === want.displayName) &&
        (got.postsCount ?? 0) === want.postsCount &&
        (got.followsCount ?? 0) === want.followsCount
      if (ok) break
      if (Date.now() > deadline) {
        throw new Error(`AppView did not index ${want.handle} in time: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
      }
      await sleep(100)
    }
  }
  const tSeeded = Date.now()
  log(`seeded ${entries.length} accounts in ${tSeeded - tStarted} ms`)

  const state = {
    plc_url: `http://${LOOPBACK}:${plcPort}`,
    pds_url: `http://${LOOPBACK}:${pdsPort}`,
    appview_url: `http://${LOOPBACK}:${bskyPort}`,
    accounts: Object.fromEntries(
      entries.map((e) => {
        const handle = e.acc.domainHandle ?? e.acc.handle
        return [handle, { did: e.did, handle, password: PASSWORD }]
      }),
    ),
    pid: process.pid,
  }
  await writeAtomic(statePath, JSON.stringify(state, null, 2) + '\n')
  process.stdout.write('READY\n')
  if (blockedCount.n > 0) log(`${blockedCount.n} outside lookups or connections were blocked during start-up`)
}

main().catch((err) => {
  log(`failed: ${err?.stack ?? err}`)
  void shutdown('start-up failed', 1)
})
