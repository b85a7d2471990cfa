using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotificationDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChannelId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ChannelName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Notice = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    QueuedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClaimedUntilMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationDeliveries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationDeliveries_ClaimedUntilMs",
                table: "NotificationDeliveries",
                column: "ClaimedUntilMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationDeliveries");
        }
    }
}
