# user_dao.py: the DAO of the slides, borrowing connections from a pool and keeping
# loaded users in an identity map (a dict from id to UserDTO) passed in by the caller.
from user_dto import UserDTO


class UserDAO:
    def __init__(self, cnxpool):
        self.cnxpool = cnxpool

    def create_table(self):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """CREATE TABLE IF NOT EXISTS user (id INT PRIMARY KEY, name VARCHAR(255) NOT NULL) DEFAULT CHARSET=utf8mb4"""
            cursor.execute(query)
            cursor.close()

    def get_users(self, user_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT id, name FROM user ORDER BY id"""
            cursor.execute(query)
            result = []
            for row in cursor:
                if row["id"] not in user_map:
                    user_map[row["id"]] = UserDTO(row["id"], row["name"])
                result.append(user_map[row["id"]])
            cursor.close()
        return result

    def get_user(self, id, user_map):
        if id in user_map:
            return user_map[id]
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT id, name FROM user WHERE id = %s"""
            cursor.execute(query, (id,))
            row = cursor.fetchone()
            cursor.close()
        if row is None:
            return None
        user_map[id] = UserDTO(row["id"], row["name"])
        return user_map[id]

    def add_user(self, user, user_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """INSERT INTO user (id, name) VALUES (%s, %s)"""
            cursor.execute(query, (user.id, user.name))
            cnx.commit()
            cursor.close()
        user_map[user.id] = user
        return user

    def update_user(self, user, user_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """UPDATE user SET name = %s WHERE id = %s"""
            cursor.execute(query, (user.name, user.id))
            cnx.commit()
            rowcount = cursor.rowcount
            cursor.close()
        if user.id in user_map:
            user_map[user.id] = user
        return rowcount

    def delete_user(self, id, user_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor()
            query = """DELETE FROM user WHERE id = %s"""
            cursor.execute(query, (id,))
            cnx.commit()
            rowcount = cursor.rowcount
            cursor.close()
        user_map.pop(id, None)
        return rowcount

    def find_users_by_name(self, pattern, user_map):
        with self.cnxpool.get_connection() as cnx:
            cursor = cnx.cursor(dictionary=True)
            query = """SELECT id, name FROM user WHERE name LIKE %s ORDER BY id"""
            cursor.execute(query, (pattern,))
            result = []
            for row in cursor:
                if row["id"] not in user_map:
                    user_map[row["id"]] = UserDTO(row["id"], row["name"])
                result.append(user_map[row["id"]])
            cursor.close()
        return result
