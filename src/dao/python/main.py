# main.py: the course's main program, with the DAO borrowing from a pool.
from mysql.connector import pooling

from user_dao import UserDAO
from user_dto import UserDTO

cnxpool = pooling.MySQLConnectionPool(pool_name="mypool", pool_size=3,
                                      option_files="connector.cnf")
user_dao = UserDAO(cnxpool)
user_map = {}

user1 = UserDTO(1, "John Doe")
user2 = UserDTO(2, "Jane Smith")

user_dao.add_user(user1, user_map)
user_dao.add_user(user2, user_map)

students = user_dao.get_users(user_map)
for student in students:
    print(student)
