[assembly: AssemblyFixture(typeof(Dashboard.Tests.Support.PostgresServer))]
