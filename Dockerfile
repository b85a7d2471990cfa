# syntax=docker/dockerfile:1
# Socket Dashboard: multi-stage build of the dashboard and the agent. Restore is its own layer (project files
# only), so a code change does not re-download packages.
#   docker build -t socket-dashboard .                       the dashboard; `agent` as its first argument runs the agent
#   docker build --target agent -t socket-dashboard-agent .  the agent alone, on the smaller .NET runtime image
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Dashboard.Contracts/Dashboard.Contracts.csproj src/Dashboard.Contracts/
COPY src/Dashboard.Sockets/Dashboard.Sockets.csproj src/Dashboard.Sockets/
COPY src/Dashboard.Web/Dashboard.Web.csproj src/Dashboard.Web/
COPY src/Dashboard.Agent/Dashboard.Agent.csproj src/Dashboard.Agent/
RUN dotnet restore src/Dashboard.Web/Dashboard.Web.csproj && dotnet restore src/Dashboard.Agent/Dashboard.Agent.csproj

# src/Dashboard.Web/wwwroot is a link to the top-level wwwroot/, so both are copied.
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/Dashboard.Web/Dashboard.Web.csproj -c Release -o /app --no-restore \
 && dotnet publish src/Dashboard.Agent/Dashboard.Agent.csproj -c Release -o /app/agent --no-restore

# The agent alone: no web server, no port, nothing to mount. It connects out to the dashboard.
# Its token comes from DASHBOARD_AGENT_TOKEN or a file (--token-file, e.g. a secret under /run/secrets),
# never from the command line, where `ps` shows it.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS agent
WORKDIR /app
COPY --from=build /app/agent ./
# Touched on every heartbeat the dashboard answers, removed when the link drops: the health check reads its age.
ENV Agent__HealthFile=/tmp/dashboard-agent.alive
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "[ -n \"$(find /tmp/dashboard-agent.alive -mmin -1 2>/dev/null)\" ]"]
ENTRYPOINT ["dotnet", "Dashboard.Agent.dll"]

# The dashboard (the default target); the agent is in the same image under /app/agent.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Inside the container the dashboard listens on every interface, port 8080; publish it with -p.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
# The SQLite database and the data-protection keys (sign-ins survive a restart): mount a volume here.
ENV DataDir=/data
# Read by the agent only (`docker run IMAGE agent ...`); the dashboard ignores it.
ENV Agent__HealthFile=/tmp/dashboard-agent.alive
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
EXPOSE 8080
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /healthz for its 200. Run as the agent, the heartbeat file's age.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "if [ -e /tmp/dashboard-agent.role ]; then [ -n \"$(find /tmp/dashboard-agent.alive -mmin -1 2>/dev/null)\" ]; else exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '; fi"]
# `docker run IMAGE` runs the dashboard (arguments go to it); `docker run IMAGE agent --server URL` runs the agent.
ENTRYPOINT ["bash", "-c", "if [ \"$1\" = agent ]; then shift; touch /tmp/dashboard-agent.role; exec dotnet /app/agent/Dashboard.Agent.dll \"$@\"; fi; exec dotnet /app/Dashboard.Web.dll \"$@\"", "socket-dashboard"]
