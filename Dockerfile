# syntax=docker/dockerfile:1
# Socket Dashboard: multi-stage build. Restore is its own layer (project files only), so a code
# change does not re-download packages.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Dashboard.Contracts/Dashboard.Contracts.csproj src/Dashboard.Contracts/
COPY src/Dashboard.Sockets/Dashboard.Sockets.csproj src/Dashboard.Sockets/
COPY src/Dashboard.Web/Dashboard.Web.csproj src/Dashboard.Web/
RUN dotnet restore src/Dashboard.Web/Dashboard.Web.csproj

# src/Dashboard.Web/wwwroot is a link to the top-level wwwroot/, so both are copied.
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/Dashboard.Web/Dashboard.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Inside the container the dashboard listens on every interface, port 8080; publish it with -p.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
# The SQLite database and the data-protection keys (sign-ins survive a restart): mount a volume here.
ENV DataDir=/data
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
EXPOSE 8080
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /healthz for its 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Dashboard.Web.dll"]
