using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TargetPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PolicyRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Networks = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Ports = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyRules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyRules_Position",
                table: "PolicyRules",
                column: "Position");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyRules");
        }
    }
}
