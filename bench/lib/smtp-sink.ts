import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

// A loopback SMTP server that accepts and discards every mail, counting them. It runs in a
// child process so the server under test sends real SMTP (the worker's mail path runs)
// without the sink's parsing sharing the server's event loop.

type SinkMessage = { type: 'ready'; port: number } | { type: 'count'; mails: number };

export interface SmtpSink {
  url: string;
  /** Mails accepted so far. */
  count(): Promise<number>;
  /** Stops the child; resolves with the mails it accepted. */
  stop(): Promise<number>;
}

const CHILD_FLAG = '--smtp-sink-child';

function runChild(): void {
  let mails = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The server under test keeps pooled connections open; the sink answers every one.
    maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        mails += 1;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.send?.({ type: 'ready', port } satisfies SinkMessage);
  });
  process.on('message', (message: unknown) => {
    if (message === 'count') process.send?.({ type: 'count', mails } satisfies SinkMessage);
    if (message === 'stop') {
      process.send?.({ type: 'count', mails } satisfies SinkMessage, () => {
        server.close(() => process.exit(0));
        // Open client connections keep close() waiting; the parent is done with them.
        setTimeout(() => process.exit(0), 2000).unref();
      });
    }
  });
  // The parent going away ends the sink too.
  process.on('disconnect', () => process.exit(0));
}

function nextMessage<T extends SinkMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<SinkMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`smtp sink: no ${type} message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: SinkMessage) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as Extract<SinkMessage, { type: T }>);
    };
    child.on('message', onMessage);
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready: { port: number };
  try {
    ready = await nextMessage(child, 'ready', 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `smtp://127.0.0.1:${ready.port}`,
    async count() {
      const answer = nextMessage(child, 'count', 10_000);
      child.send('count');
      return (await answer).mails;
    },
    async stop() {
      if (child.exitCode !== null) return 0;
      const answer = nextMessage(child, 'count', 10_000);
      child.send('stop');
      const { mails } = await answer.catch(() => ({ mails: -1 }));
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      return mails;
    },
  };
}

if (process.argv.includes(CHILD_FLAG)) runChild();
