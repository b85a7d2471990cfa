// Calls the dashboard's Probe method with the official SignalR JavaScript client.
//   npm install @microsoft/signalr
//   TOKEN=sdt_... node probe.mjs http://127.0.0.1:5000 127.0.0.1 22   (a token from the Account page)
import * as signalR from "@microsoft/signalr";

const [base = "http://127.0.0.1:5000", host = "127.0.0.1", port = "22"] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${base}/hubs/probe`, { accessTokenFactory: () => process.env.TOKEN })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

await connection.start();
try {
  const result = await connection.invoke("Probe", { host, port: Number(port), timeoutMs: 2000 });
  console.log(`${result.host}:${result.port} ${result.state} (${result.code} ${result.codeName}) ${result.message}`);
  console.log(JSON.stringify(result, null, 2));
} catch (e) {
  // Bad input comes back as a HubException whose message says what is allowed.
  console.error(`refused: ${e.message}`);
  process.exitCode = 1;
} finally {
  await connection.stop();
}
