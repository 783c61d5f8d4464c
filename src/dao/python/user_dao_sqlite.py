# user_dao_sqlite.py: the slides' DAO over Python's own sqlite3 (rowwise's demo database).
# sqlite3 has no connection pool: the DAO keeps one connection. Placeholders are ?, and
# rows read by name come from sqlite3.Row. A write runs inside `with self.cnx:`, which
# commits it, or rolls it back when it fails (else a failed INSERT would leave its
# transaction open and the file locked for every other connection).
import sqlite3

from user_dto import UserDTO


class UserDAO:
    def __init__(self, path):
        self.cnx = sqlite3.connect(path)
        self.cnx.row_factory = sqlite3.Row

    def create_table(self):
        cursor = self.cnx.cursor()
        query = """CREATE TABLE IF NOT EXISTS user (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"""
        cursor.execute(query)
        cursor.close()

    def get_users(self, user_map):
        cursor = self.cnx.cursor()
        query = """SELECT id, name FROM user ORDER BY id"""
        cursor.execute(query)
        result = []
        for row in cursor:
            if row["id"] not in user_map:
                user_map[row["id"]] = UserDTO(row["id"], row["name"])
            result.append(user_map[row["id"]])
        cursor.close()
        return result

    def add_user(self, user, user_map):
        with self.cnx:
            cursor = self.cnx.cursor()
            query = """INSERT INTO user (id, name) VALUES (?, ?)"""
            cursor.execute(query, (user.id, user.name))
            cursor.close()
        user_map[user.id] = user
        return user

    def update_user(self, user, user_map):
        with self.cnx:
            cursor = self.cnx.cursor()
            query = """UPDATE user SET name = ? WHERE id = ?"""
            cursor.execute(query, (user.name, user.id))
            rowcount = cursor.rowcount
            cursor.close()
        if user.id in user_map:
            user_map[user.id] = user
        return rowcount

    def delete_user(self, id, user_map):
        with self.cnx:
            cursor = self.cnx.cursor()
            query = """DELETE FROM user WHERE id = ?"""
            cursor.execute(query, (id,))
            rowcount = cursor.rowcount
            cursor.close()
        user_map.pop(id, None)
        return rowcount

    def find_users_by_name(self, pattern, user_map):
        cursor = self.cnx.cursor()
        query = """SELECT id, name FROM user WHERE name LIKE ? ORDER BY id"""
        cursor.execute(query, (pattern,))
        result = []
        for row in cursor:
            if row["id"] not in user_map:
                user_map[row["id"]] = UserDTO(row["id"], row["name"])
            result.append(user_map[row["id"]])
        cursor.close()
        return result
